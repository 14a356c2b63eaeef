import type { EnrollmentRecord, UserRecord } from '@rp/fixtures';
import { randomUUID } from 'node:crypto';
import { RosterKind, RosterStore, RosterTables } from './roster-store';

/**
 * Changes a SIS would make, each stamping dateLastModified from the injectable clock so delta reads
 * (`dateLastModified>'…'`) see them. Deletions keep the row with status `tobedeleted`, as IC deltas do.
 */
export class SisMutations {
  constructor(private readonly store: RosterStore, private readonly now: () => Date) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  private existing<K extends RosterKind>(kind: K, id: string): RosterTables[K] {
    const record = this.store.get(kind, id);
    if (!record) throw new Error(`${kind} ${id} does not exist`);
    return record;
  }

  /** Adds a record (sourcedId generated when absent). */
  add<K extends RosterKind>(kind: K, record: Omit<RosterTables[K], 'sourcedId' | 'status' | 'dateLastModified'> & Partial<RosterTables[K]>): RosterTables[K] {
    const full = { status: 'active', ...record, sourcedId: record.sourcedId ?? randomUUID(), dateLastModified: this.stamp() } as RosterTables[K];
    if (this.store.get(kind, full.sourcedId)) throw new Error(`${kind} ${full.sourcedId} already exists`);
    this.store.put(kind, full);
    return full;
  }

  /** Changes fields of a record. */
  update<K extends RosterKind>(kind: K, id: string, patch: Partial<RosterTables[K]>): RosterTables[K] {
    const next = { ...this.existing(kind, id), ...patch, sourcedId: id, dateLastModified: this.stamp() } as RosterTables[K];
    this.store.put(kind, next);
    return next;
  }

  /** Enrolls a user in a class (school taken from the class, dates from its terms unless given). */
  addEnrollment(input: Pick<EnrollmentRecord, 'userSourcedId' | 'classSourcedId'> & Partial<EnrollmentRecord>): EnrollmentRecord {
    const klass = this.existing('classes', input.classSourcedId);
    this.existing('users', input.userSourcedId);
    const terms = klass.termSourcedIds.map((t) => this.store.get('academicSessions', t)).filter((t) => !!t);
    return this.add('enrollments', {
      schoolSourcedId: klass.schoolSourcedId, role: 'student', beginDate: terms[0]?.startDate ?? '', endDate: terms[terms.length - 1]?.endDate ?? '',
      ...input,
    } as EnrollmentRecord);
  }

  /** Drops an enrollment: IC marks it tobedeleted (endDate optionally moved to the drop date). */
  dropEnrollment(id: string, endDate?: string): EnrollmentRecord {
    return this.update('enrollments', id, { status: 'tobedeleted', ...(endDate ? { endDate } : {}) });
  }

  disableUser(id: string): UserRecord {
    return this.update('users', id, { enabledUser: false });
  }

  /** Marks any record tobedeleted. */
  markDeleted(kind: RosterKind, id: string): RosterTables[RosterKind] {
    return this.update(kind, id, { status: 'tobedeleted' } as Partial<RosterTables[RosterKind]>);
  }

  /** Removes a record outright (a provider that silently stops returning rows). */
  purge(kind: RosterKind, id: string): void {
    this.existing(kind, id);
    this.store.table(kind).delete(id);
    this.store.touch();
  }
}
