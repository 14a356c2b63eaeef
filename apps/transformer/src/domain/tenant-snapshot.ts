import type { AcademicSession, Class, Course, Enrollment, Org, User } from '@rp/oneroster';
import type { CanvasProjection, ProjectionContext, ProvisioningEntity, ProvisioningKind } from '@rp/mapping';
import { refKey } from './refs';

/** An entity as the transformer keeps it: the latest record, whether it was deleted, its own last projections. */
export interface Materialised {
  entity: ProvisioningEntity;
  deleted: boolean;
  projections: CanvasProjection[];
}

export interface Parked {
  type: string;
  sourcedId: string;
  waitingFor: string[];
  message: string;
}

/** A query the snapshot could not answer from memory; the transformer loads these from the database in bulk. */
export type Lookup =
  | { kind: 'entity'; type: ProvisioningKind; sourcedId: string }
  | { kind: 'classesOfCourse'; courseId: string }
  | { kind: 'classesOfTerm'; sessionId: string }
  | { kind: 'enrollmentsOfClass'; classId: string }
  | { kind: 'enrollmentsOfUser'; userId: string }
  | { kind: 'sessionsInYear'; year: string }
  | { kind: 'parkedFor'; ref: string };

export function lookupKey(lookup: Lookup): string {
  switch (lookup.kind) {
    case 'entity':
      return `entity|${refKey(lookup.type, lookup.sourcedId)}`;
    case 'classesOfCourse':
      return `classesOfCourse|${lookup.courseId}`;
    case 'classesOfTerm':
      return `classesOfTerm|${lookup.sessionId}`;
    case 'enrollmentsOfClass':
      return `enrollmentsOfClass|${lookup.classId}`;
    case 'enrollmentsOfUser':
      return `enrollmentsOfUser|${lookup.userId}`;
    case 'sessionsInYear':
      return `sessionsInYear|${lookup.year}`;
    case 'parkedFor':
      return `parkedFor|${lookup.ref}`;
  }
}

/**
 * What is known of one tenant's stored entities and parked list for one batch. Lookups it has not loaded yet
 * are recorded as misses (and answered "unknown"); the transformer loads them in bulk and evaluates again, so
 * the synchronous mapping runs on complete data after a few rounds with a handful of queries.
 */
export class TenantSnapshot {
  private readonly loaded = new Set<string>();
  private readonly misses = new Map<string, Lookup>();
  private readonly entities = new Map<ProvisioningKind, Map<string, Materialised>>();
  private readonly parked = new Map<string, Parked>();

  constructor(readonly tenant: string) {}

  /** Adds the answer to `lookups` (everything they match, possibly nothing). */
  addEntities(lookups: readonly Lookup[], rows: readonly Materialised[]): void {
    for (const lookup of lookups) this.loaded.add(lookupKey(lookup));
    for (const row of rows) {
      this.byType(row.entity.kind).set(row.entity.record.sourcedId, row);
      this.loaded.add(lookupKey({ kind: 'entity', type: row.entity.kind, sourcedId: row.entity.record.sourcedId }));
    }
  }

  /** Adds parked entities found for `lookups`. */
  addParked(lookups: readonly Lookup[], rows: readonly Parked[]): void {
    for (const lookup of lookups) this.loaded.add(lookupKey(lookup));
    for (const row of rows) this.parked.set(refKey(row.type, row.sourcedId), row);
  }

  /** Lookups missed since the last call. */
  takeMisses(): Lookup[] {
    const misses = [...this.misses.values()];
    this.misses.clear();
    return misses;
  }

  /** A fresh view for one evaluation attempt (changes made through it stay in the view). */
  view(now: Date): SnapshotView {
    return new SnapshotView(this, now);
  }

  /** @internal true when loaded; otherwise records the miss. */
  has(lookup: Lookup): boolean {
    const key = lookupKey(lookup);
    if (this.loaded.has(key)) return true;
    this.misses.set(key, lookup);
    return false;
  }

  /** @internal */
  byType(type: ProvisioningKind): Map<string, Materialised> {
    let map = this.entities.get(type);
    if (!map) this.entities.set(type, (map = new Map()));
    return map;
  }

  /** @internal */
  parkedEntries(): Iterable<[string, Parked]> {
    return this.parked.entries();
  }
}

/** The snapshot plus the batch's own changes so far, as the mapping's `ProjectionContext`. */
export class SnapshotView implements ProjectionContext {
  readonly tenant: string;
  private readonly overlay = new Map<ProvisioningKind, Map<string, Materialised>>();
  private readonly parkedOverlay = new Map<string, Parked | null>();

  constructor(
    private readonly snapshot: TenantSnapshot,
    readonly now: Date,
  ) {
    this.tenant = snapshot.tenant;
  }

  /** The entity as stored or as changed earlier in this batch; undefined when never received. */
  stored(type: ProvisioningKind, sourcedId: string): Materialised | undefined {
    const changed = this.overlay.get(type)?.get(sourcedId);
    if (changed) return changed;
    if (!this.snapshot.has({ kind: 'entity', type, sourcedId })) return undefined;
    return this.snapshot.byType(type).get(sourcedId);
  }

  /** Applies a change for the rest of the batch. */
  put(materialised: Materialised): void {
    let map = this.overlay.get(materialised.entity.kind);
    if (!map) this.overlay.set(materialised.entity.kind, (map = new Map()));
    map.set(materialised.entity.record.sourcedId, materialised);
  }

  /** Entities parked waiting for `ref` (stored or parked earlier in this batch, minus those released since). */
  parkedWaitingFor(ref: string): Parked[] {
    const found = new Map<string, Parked>();
    if (this.snapshot.has({ kind: 'parkedFor', ref })) {
      for (const [key, parked] of this.snapshot.parkedEntries()) {
        if (!this.parkedOverlay.has(key) && parked.waitingFor.includes(ref)) found.set(key, parked);
      }
    }
    for (const [key, parked] of this.parkedOverlay) if (parked?.waitingFor.includes(ref)) found.set(key, parked);
    return [...found.values()];
  }

  /** Parks (`Parked`) or releases (`null`) an entity for the rest of the batch. */
  setParked(key: string, parked: Parked | null): void {
    this.parkedOverlay.set(key, parked);
  }

  enrollmentsOfClass(classId: string): Enrollment[] {
    return this.select('enrollment', { kind: 'enrollmentsOfClass', classId }, (e) => e.class.sourcedId === classId);
  }

  enrollmentsOfUser(userId: string): Enrollment[] {
    return this.select('enrollment', { kind: 'enrollmentsOfUser', userId }, (e) => e.user.sourcedId === userId);
  }

  org = (id: string) => this.record('org', id) as Org | undefined;
  academicSession = (id: string) => this.record('academicSession', id) as AcademicSession | undefined;
  course = (id: string) => this.record('course', id) as Course | undefined;
  class = (id: string) => this.record('class', id) as Class | undefined;
  user = (id: string) => this.record('user', id) as User | undefined;

  academicSessionsInSchoolYear(year: string): readonly AcademicSession[] {
    return this.select('academicSession', { kind: 'sessionsInYear', year }, (s) => s.schoolYear === year);
  }

  classesOfCourse(courseId: string): readonly Class[] {
    return this.select('class', { kind: 'classesOfCourse', courseId }, (c) => c.course.sourcedId === courseId);
  }

  /** Classes that list the session among their terms. */
  classesOfTerm(sessionId: string): Class[] {
    return this.select('class', { kind: 'classesOfTerm', sessionId }, (c) => c.terms.some((t) => t.sourcedId === sessionId));
  }

  enrollmentsOf(userId: string, classId: string): readonly Enrollment[] {
    return this.enrollmentsOfClass(classId).filter((e) => e.user.sourcedId === userId);
  }

  private record(type: ProvisioningKind, id: string) {
    return this.stored(type, id)?.entity.record;
  }

  private select<K extends 'enrollment' | 'class' | 'academicSession'>(
    type: K,
    lookup: Lookup,
    matches: (record: RecordOf<K>) => boolean,
  ): RecordOf<K>[] {
    const changed = this.overlay.get(type) ?? new Map<string, Materialised>();
    const result: RecordOf<K>[] = [];
    if (this.snapshot.has(lookup)) {
      for (const [id, row] of this.snapshot.byType(type)) {
        if (!changed.has(id) && matches(row.entity.record as RecordOf<K>)) result.push(row.entity.record as RecordOf<K>);
      }
    }
    for (const row of changed.values()) if (matches(row.entity.record as RecordOf<K>)) result.push(row.entity.record as RecordOf<K>);
    return result;
  }
}

type RecordOf<K extends ProvisioningKind> = Extract<ProvisioningEntity, { kind: K }>['record'];
