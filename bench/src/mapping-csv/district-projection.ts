import type { SisCsvKind, SisRowByKind, SisImportZip } from '@rp/canvas';
import { SisImportZipWriter } from '@rp/canvas';
import {
  CanvasEntityType, CanvasProjection, ProjectionContext, ProvisioningEntity, TenantMappingSettings, projectEntity, projectionHash,
} from '@rp/mapping';
import { nowMs } from '../common/measure';
import type { DistrictRecords } from './indexed-projection-context';

/** Canvas entity type → SIS CSV file kind. */
export const CSV_KIND: Record<CanvasEntityType, SisCsvKind> = {
  account: 'accounts', term: 'terms', course: 'courses', section: 'sections', user: 'users', enrollment: 'enrollments', user_observer: 'user_observers',
};

/** Every entity of a district in dependency order, tagged with its kind. */
export function* districtEntities(records: DistrictRecords): Generator<ProvisioningEntity> {
  for (const record of records.orgs) yield { kind: 'org', record };
  for (const record of records.academicSessions) yield { kind: 'academicSession', record };
  for (const record of records.courses) yield { kind: 'course', record };
  for (const record of records.classes) yield { kind: 'class', record };
  for (const record of records.users) yield { kind: 'user', record };
  for (const record of records.enrollments) yield { kind: 'enrollment', record };
}

export interface ProjectionRun {
  entities: number;
  waiting: number;
  projections: CanvasProjection[];
  byType: Partial<Record<CanvasEntityType, number>>;
  ms: number;
}

/** projectEntity + projectionHash for every entity (the transformer's CPU work), keyed so duplicates collapse. */
export function projectDistrict(records: DistrictRecords, ctx: ProjectionContext, settings: TenantMappingSettings): ProjectionRun {
  const byKey = new Map<string, CanvasProjection>();
  let entities = 0;
  let waiting = 0;
  let fold = 0;
  const start = nowMs();
  for (const entity of districtEntities(records)) {
    entities++;
    const outcome = projectEntity(entity, ctx, settings);
    if (outcome.status === 'waiting') {
      waiting++;
      continue;
    }
    for (const projection of outcome.projections) {
      fold ^= projectionHash(projection).charCodeAt(0);
      byKey.set(`${projection.type}|${projection.sisId}`, projection);
    }
  }
  const ms = nowMs() - start;
  if (fold < 0) throw new Error('unreachable');
  const projections = [...byKey.values()];
  const byType: Partial<Record<CanvasEntityType, number>> = {};
  for (const p of projections) byType[p.type] = (byType[p.type] ?? 0) + 1;
  return { entities, waiting, projections, byType, ms };
}

/** Writes projections into one SIS import zip (CSV per kind, Canvas order); returns the zip facts and the time. */
export async function writeSisZip(projections: readonly CanvasProjection[]): Promise<{ zip: SisImportZip; ms: number }> {
  const writer = await SisImportZipWriter.create({ tenant: 'bench' });
  try {
    const start = nowMs();
    for (const p of projections) await writer.write(CSV_KIND[p.type], p.row as SisRowByKind[SisCsvKind]);
    const zip = await writer.finish();
    return { zip, ms: nowMs() - start };
  } finally {
    await writer.dispose();
  }
}
