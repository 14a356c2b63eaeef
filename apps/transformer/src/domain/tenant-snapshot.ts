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
  /**
   * `waiting` (default): for parents not yet received, settings or a mapping fix. `blocked`: settled — an active
   * record under a deleted parent Canvas never had; listed, and re-projected if that parent changes.
   */
  state?: ParkedState;
}

/** Why a record is on the parked list: it waits for something, or it is blocked by a deleted parent. */
export type ParkedState = 'waiting' | 'blocked';

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
  /** List lookup key (`lookupKey`) → sourcedIds of loaded entities it matches, so lists never scan a whole type. */
  private readonly listed = new Map<string, Set<string>>();
  private readonly parked = new Map<string, Parked>();
  /** Ref → keys of loaded parked entities waiting for it. */
  private readonly parkedByRef = new Map<string, Set<string>>();

  constructor(readonly tenant: string) {}

  /** Adds the answer to `lookups` (everything they match, possibly nothing). */
  addEntities(lookups: readonly Lookup[], rows: readonly Materialised[]): void {
    for (const lookup of lookups) this.loaded.add(lookupKey(lookup));
    for (const row of rows) {
      const id = row.entity.record.sourcedId;
      const byId = this.byType(row.entity.kind);
      const keys = listKeys(row.entity);
      const before = byId.get(id);
      // Loaded twice (through two lookups): unchanged keys keep their place, so lists keep the order of first load.
      if (before) for (const key of listKeys(before.entity)) if (!keys.includes(key)) this.listed.get(key)?.delete(id);
      byId.set(id, row);
      for (const key of keys) addTo(this.listed, key, id);
      this.loaded.add(lookupKey({ kind: 'entity', type: row.entity.kind, sourcedId: id }));
    }
  }

  /** Adds parked entities found for `lookups`. */
  addParked(lookups: readonly Lookup[], rows: readonly Parked[]): void {
    for (const lookup of lookups) this.loaded.add(lookupKey(lookup));
    for (const row of rows) {
      const key = refKey(row.type, row.sourcedId);
      const before = this.parked.get(key);
      if (before) for (const ref of before.waitingFor) if (!row.waitingFor.includes(ref)) this.parkedByRef.get(ref)?.delete(key);
      this.parked.set(key, row);
      for (const ref of row.waitingFor) addTo(this.parkedByRef, ref, key);
    }
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

  /** The lookups not answered yet, each once (nothing is recorded as missed). */
  unloaded(lookups: readonly Lookup[]): Lookup[] {
    const fresh = new Map<string, Lookup>();
    for (const lookup of lookups) {
      const key = lookupKey(lookup);
      if (!this.loaded.has(key)) fresh.set(key, lookup);
    }
    return [...fresh.values()];
  }

  /** The loaded entity, if it was loaded and exists. */
  loadedEntity(type: ProvisioningKind, sourcedId: string): Materialised | undefined {
    return this.entities.get(type)?.get(sourcedId);
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

  /** @internal Loaded entities of `type` that the list lookup may match (a superset: callers still test each). */
  listedBy(type: ProvisioningKind, lookup: Lookup): Iterable<[string, Materialised]> {
    const ids = this.listed.get(lookupKey(lookup));
    if (!ids) return [];
    const byId = this.byType(type);
    const rows: [string, Materialised][] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row) rows.push([id, row]);
    }
    return rows;
  }

  /** @internal Loaded parked entities waiting for `ref` (keyed by entity key). */
  parkedFor(ref: string): Iterable<[string, Parked]> {
    const keys = this.parkedByRef.get(ref);
    if (!keys) return [];
    const rows: [string, Parked][] = [];
    for (const key of keys) {
      const parked = this.parked.get(key);
      if (parked) rows.push([key, parked]);
    }
    return rows;
  }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

/** The list lookups (`lookupKey`) a stored entity answers: what `SnapshotView.select` would match it for. */
function listKeys(entity: ProvisioningEntity): string[] {
  const ids = (...values: (string | undefined)[]) => values.filter((v): v is string => typeof v === 'string');
  switch (entity.kind) {
    case 'enrollment':
      return [
        ...ids(entity.record.class?.sourcedId).map((classId) => lookupKey({ kind: 'enrollmentsOfClass', classId })),
        ...ids(entity.record.user?.sourcedId).map((userId) => lookupKey({ kind: 'enrollmentsOfUser', userId })),
      ];
    case 'class':
      return [
        ...ids(entity.record.course?.sourcedId).map((courseId) => lookupKey({ kind: 'classesOfCourse', courseId })),
        ...ids(...(entity.record.terms ?? []).map((t) => t?.sourcedId)).map((sessionId) => lookupKey({ kind: 'classesOfTerm', sessionId })),
      ];
    case 'academicSession':
      return ids(entity.record.schoolYear).map((year) => lookupKey({ kind: 'sessionsInYear', year }));
    default:
      return [];
  }
}

/** The snapshot plus the batch's own changes so far, as the mapping's `ProjectionContext`. */
export class SnapshotView implements ProjectionContext {
  readonly tenant: string;
  private readonly overlay = new Map<ProvisioningKind, Map<string, Materialised>>();
  private readonly parkedOverlay = new Map<string, Parked | null>();
  /** Ref → keys ever parked for it in this batch (a superset: callers test each), so lookups never scan the overlay. */
  private readonly parkedOverlayByRef = new Map<string, Set<string>>();
  /** Key → its place in `parkedOverlay` (insertion order, which a later set keeps). */
  private readonly parkedOverlayOrder = new Map<string, number>();

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
    // an entity held in the snapshot was loaded: no need to build its lookup key (the hottest path of a batch)
    const loaded = this.snapshot.loadedEntity(type, sourcedId);
    if (loaded) return loaded;
    this.snapshot.has({ kind: 'entity', type, sourcedId }); // absent, or never looked up: then it records the miss
    return undefined;
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
      for (const [key, parked] of this.snapshot.parkedFor(ref)) {
        if (!this.parkedOverlay.has(key) && parked.waitingFor.includes(ref)) found.set(key, parked);
      }
    }
    // in the overlay's order, as a scan of it would find them
    const keys = [...(this.parkedOverlayByRef.get(ref) ?? [])].sort((a, b) => this.parkedOverlayOrder.get(a)! - this.parkedOverlayOrder.get(b)!);
    for (const key of keys) {
      const parked = this.parkedOverlay.get(key);
      if (parked?.waitingFor.includes(ref)) found.set(key, parked);
    }
    return [...found.values()];
  }

  /** Parks (`Parked`) or releases (`null`) an entity for the rest of the batch. */
  setParked(key: string, parked: Parked | null): void {
    if (!this.parkedOverlayOrder.has(key)) this.parkedOverlayOrder.set(key, this.parkedOverlayOrder.size);
    this.parkedOverlay.set(key, parked);
    for (const ref of parked?.waitingFor ?? []) addTo(this.parkedOverlayByRef, ref, key);
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
      for (const [id, row] of this.snapshot.listedBy(type, lookup)) {
        if (!changed.has(id) && matches(row.entity.record as RecordOf<K>)) result.push(row.entity.record as RecordOf<K>);
      }
    }
    for (const row of changed.values()) if (matches(row.entity.record as RecordOf<K>)) result.push(row.entity.record as RecordOf<K>);
    return result;
  }
}

type RecordOf<K extends ProvisioningKind> = Extract<ProvisioningEntity, { kind: K }>['record'];
