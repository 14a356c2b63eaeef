import {
  type CanvasProjection, type ProvisioningEntity, type TenantMappingSettings, projectEntity, projectionHash, projectionKey, rowAsStrings, sourceKeys,
} from '@rp/mapping';
import { type CanvasEntityChange, type CanvasEntityType, canvasKey, canvasTopic, type OutgoingRecord } from '@rp/messaging';
import type { DistrictRecords } from '../mapping-csv/indexed-projection-context';
import { indexedProjectionContext } from '../mapping-csv/indexed-projection-context';
import type { BenchClass } from './passback-classes';

/**
 * `warm`: the processor starts with the SIS roster the transformer published to `canvas.courses`, `canvas.sections`
 * and `canvas.enrollments` (production: those topics are filled long before grades flow). `cold`: the topics are
 * empty, so every student's state comes from Canvas's enrollment listing (what the benchmark measured before).
 */
export type RosterMode = 'warm' | 'cold';

export const ROSTER_MODES: readonly RosterMode[] = ['warm', 'cold'];

/** The `canvas.*` kinds the processor keeps its roster from (ADR 0090/0091). */
export const ROSTER_TYPES: readonly CanvasEntityType[] = ['course', 'section', 'enrollment'];

/** `--roster warm|cold` (default warm); anything else stops the run naming the choices. */
export function rosterModeOf(flags: Record<string, string>): RosterMode {
  const mode = flags.roster ?? 'warm';
  if (!(ROSTER_MODES as readonly string[]).includes(mode)) throw new Error(`--roster must be one of ${ROSTER_MODES.join(', ')}; got "${mode}"`);
  return mode as RosterMode;
}

/**
 * What the mapping projects for the given classes and their enrollments — the Canvas courses, sections and
 * enrollments the transformer would publish for them (other kinds, other classes and waiting entities left out).
 * Upserts only: for a district seen for the first time the transformer publishes no drop of what Canvas never had.
 */
export function rosterProjections(
  tenant: string, records: DistrictRecords, classSourcedIds: ReadonlySet<string>, settings: TenantMappingSettings, now: Date,
): CanvasProjection[] {
  const ctx = indexedProjectionContext(tenant, now, records);
  const entities: ProvisioningEntity[] = [
    ...records.classes.filter((c) => classSourcedIds.has(c.sourcedId)).map((record) => ({ kind: 'class' as const, record })),
    ...records.enrollments.filter((e) => classSourcedIds.has(e.class.sourcedId)).map((record) => ({ kind: 'enrollment' as const, record })),
  ];
  const byKey = new Map<string, CanvasProjection>();
  for (const entity of entities) {
    const outcome = projectEntity(entity, ctx, settings);
    if (outcome.status !== 'projected') continue;
    for (const p of outcome.projections) if (p.op === 'upsert' && ROSTER_TYPES.includes(p.type)) byKey.set(projectionKey(p), p);
  }
  return [...byKey.values()];
}

/**
 * What the roster says differently from the benchmark's SIS import into Canvas (course = section = class sourcedId,
 * every picked student active in it): `course <id>` or `student <id> in <class>` per difference.
 */
export function differencesFromProvisioned(projections: readonly CanvasProjection[], classes: readonly Pick<BenchClass, 'classSourcedId' | 'students'>[]): string[] {
  const rows = projections.map((p) => ({ type: p.type, op: p.op, row: rowAsStrings(p) }));
  const active = new Set(rows.filter((p) => p.type === 'enrollment' && p.op === 'upsert' && p.row.status === 'active').map((p) => `${p.row.course_id}|${p.row.section_id}|${p.row.user_id}`));
  const courses = new Set(rows.filter((p) => p.type === 'course' && p.op === 'upsert').map((p) => p.row.course_id));
  return classes.flatMap((c) => [
    ...(courses.has(c.classSourcedId) ? [] : [`course ${c.classSourcedId}`]),
    ...c.students.filter((s) => !active.has(`${c.classSourcedId}|${c.classSourcedId}|${s}`)).map((s) => `student ${s} in ${c.classSourcedId}`),
  ]);
}

/** A projection as the transformer publishes it: the `CanvasEntityChange` value under its `canvasKey`. */
export function rosterRecord(tenant: string, projection: CanvasProjection, syncRun: string): OutgoingRecord<CanvasEntityChange> {
  const value: CanvasEntityChange = {
    tenant, canvasType: projection.type, sisId: projection.sisId, op: projection.op, syncRun,
    contentHash: projectionHash(projection), school: projection.schoolSourcedId ?? null, row: rowAsStrings(projection), sources: sourceKeys(projection),
  };
  return { key: canvasKey(tenant, projection.type, projection.sisId), value, tenant, syncRun, op: projection.op };
}

/** The records to publish, by (unprefixed) topic name. */
export function rosterRecordsByTopic(tenant: string, projections: readonly CanvasProjection[], syncRun: string): Map<string, OutgoingRecord<CanvasEntityChange>[]> {
  const byTopic = new Map<string, OutgoingRecord<CanvasEntityChange>[]>();
  for (const p of projections) {
    const topic = canvasTopic(p.type);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), rosterRecord(tenant, p, syncRun)]);
  }
  return byTopic;
}

/** Canvas REST calls grouped the way the processor's reads differ: what a warm roster saves and what it does not. */
export interface CanvasCallsByKind {
  enrollmentListings: number;
  submissionListings: number;
  singleReads: number;
  others: number;
}

/**
 * Sorts the simulator's per-endpoint counts (`GET /api/v1/courses/:id/enrollments`, …): listings of enrollments,
 * listings of submissions, reads of one resource (the path ends with an id), everything else.
 */
export function canvasCallsByKind(byEndpoint: Record<string, number>): CanvasCallsByKind {
  const out: CanvasCallsByKind = { enrollmentListings: 0, submissionListings: 0, singleReads: 0, others: 0 };
  for (const [endpoint, n] of Object.entries(byEndpoint)) {
    const [method, path = ''] = endpoint.split(' ');
    if (method === 'GET' && path.endsWith('/enrollments')) out.enrollmentListings += n;
    else if (method === 'GET' && path.endsWith('/submissions')) out.submissionListings += n;
    else if (method === 'GET' && /\/:[a-z_]+$/.test(path)) out.singleReads += n;
    else out.others += n;
  }
  return out;
}
