import type { CanvasProjection, ProvisioningEntity } from '@rp/mapping';
import type { StoredEntity } from '@rp/persistence';
import type { TenantTables } from './transform-batch.handler';
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

/** Answers the snapshot's missed lookups with one query per kind of lookup (and per entity type). */
export async function loadLookups(tx: TenantTables, snapshot: TenantSnapshot, misses: readonly Lookup[]): Promise<void> {
  const byId = ofKind(misses, 'entity');
  for (const type of new Set(byId.map((l) => l.type))) {
    const lookups = byId.filter((l) => l.type === type);
    snapshot.addEntities(lookups, (await tx.entitiesById(type, lookups.map((l) => l.sourcedId))).map(materialised));
  }
  const courses = ofKind(misses, 'classesOfCourse');
  snapshot.addEntities(courses, (await tx.entitiesByRef('class', 'course', courses.map((l) => l.courseId))).map(materialised));
  const ofTerm = ofKind(misses, 'classesOfTerm');
  snapshot.addEntities(ofTerm, (await tx.classesWithTerms(ofTerm.map((l) => l.sessionId))).map(materialised));
  const ofClass = ofKind(misses, 'enrollmentsOfClass');
  snapshot.addEntities(ofClass, (await tx.entitiesByRef('enrollment', 'class', ofClass.map((l) => l.classId))).map(materialised));
  const ofUser = ofKind(misses, 'enrollmentsOfUser');
  snapshot.addEntities(ofUser, (await tx.entitiesByRef('enrollment', 'user', ofUser.map((l) => l.userId))).map(materialised));
  const years = ofKind(misses, 'sessionsInYear');
  snapshot.addEntities(years, (await tx.sessionsInSchoolYears(years.map((l) => l.year))).map(materialised));
  const parked = ofKind(misses, 'parkedFor');
  const settings = parked.filter((l) => l.ref === SETTINGS_REF);
  const refs = parked.filter((l) => l.ref !== SETTINGS_REF);
  snapshot.addParked(refs, await tx.parkedWaitingFor(refs.map((l) => l.ref)));
  snapshot.addParked(settings, await tx.parkedWaitingFor(settings.map((l) => l.ref), SETTINGS_RELEASE_LIMIT));
}
