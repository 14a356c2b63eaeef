import type { CanvasProjection, ProvisioningEntity } from '@rp/mapping';
import type { ParkedEntity, StoredEntity } from '@rp/persistence';
import type { TenantReads } from './transform-batch.handler';
import { settledAll } from './settled-all';
import { SETTINGS_REF } from './domain/refs';
import type { Lookup, Materialised, TenantSnapshot } from './domain/tenant-snapshot';

/** Entities released per batch after a tenant's settings were fixed (the rest follow with the next batches). */
const SETTINGS_RELEASE_LIMIT = 2_000;

const materialised = (row: StoredEntity): Materialised => ({
  entity: { kind: row.type, record: row.record } as unknown as ProvisioningEntity,
  deleted: row.deleted,
  projections: row.projections as CanvasProjection[],
});

type Of<K extends Lookup['kind']> = Extract<Lookup, { kind: K }>;
const ofKind = <K extends Lookup['kind']>(lookups: readonly Lookup[], kind: K) => lookups.filter((l): l is Of<K> => l.kind === kind);

/**
 * Answers the snapshot's missed lookups with one query per kind of lookup (and per entity type), all sent at once
 * (`reads` spreads them over the pool's connections) and applied to the snapshot in a fixed order.
 */
export async function loadLookups(reads: TenantReads, snapshot: TenantSnapshot, misses: readonly Lookup[]): Promise<void> {
  const byId = ofKind(misses, 'entity');
  const courses = ofKind(misses, 'classesOfCourse');
  const ofTerm = ofKind(misses, 'classesOfTerm');
  const ofClass = ofKind(misses, 'enrollmentsOfClass');
  const ofUser = ofKind(misses, 'enrollmentsOfUser');
  const years = ofKind(misses, 'sessionsInYear');
  const parked = ofKind(misses, 'parkedFor');
  const settings = parked.filter((l) => l.ref === SETTINGS_REF);
  const refs = parked.filter((l) => l.ref !== SETTINGS_REF);
  const entityReads: [lookups: readonly Lookup[], rows: Promise<StoredEntity[]>][] = [
    ...[...new Set(byId.map((l) => l.type))].map((type) => {
      const lookups = byId.filter((l) => l.type === type);
      return [lookups, reads.entitiesById(type, lookups.map((l) => l.sourcedId))] as [Lookup[], Promise<StoredEntity[]>];
    }),
    [courses, reads.entitiesByRef('class', 'course', courses.map((l) => l.courseId))],
    [ofTerm, reads.classesWithTerms(ofTerm.map((l) => l.sessionId))],
    [ofClass, reads.entitiesByRef('enrollment', 'class', ofClass.map((l) => l.classId))],
    [ofUser, reads.entitiesByRef('enrollment', 'user', ofUser.map((l) => l.userId))],
    [years, reads.sessionsInSchoolYears(years.map((l) => l.year))],
  ];
  const parkedReads: [lookups: readonly Lookup[], rows: Promise<ParkedEntity[]>][] = [
    [refs, reads.parkedWaitingFor(refs.map((l) => l.ref))],
    [settings, reads.parkedWaitingFor(settings.map((l) => l.ref), SETTINGS_RELEASE_LIMIT)],
  ];
  // every read settles before any is applied or thrown: none is left running when the transaction ends
  const entityRows = await settledAll(entityReads.map(([, rows]) => rows));
  const parkedRows = await settledAll(parkedReads.map(([, rows]) => rows));
  entityReads.forEach(([lookups], i) => snapshot.addEntities(lookups, entityRows[i].map(materialised)));
  parkedReads.forEach(([lookups], i) => snapshot.addParked(lookups, parkedRows[i]));
}
