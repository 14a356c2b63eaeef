import type { AcademicSession, Class, User } from '@rp/oneroster';
import type { ProvisioningEntity } from '@rp/mapping';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a changed class or user can change the Canvas enrollments of it (so they must be re-projected):
 * a class's status (drops with it), course, school or terms (the enrollment's Canvas course under
 * sections-under-course); a user's status (a deleted user's enrollments drop). A rename changes none of them.
 * A new class re-projects its stored enrollments: drops never wait, so one that came before its class went out
 * without course_id and gets it now. A new user has none to re-project: stored rows are never removed, so it was
 * never seen, and an enrollment of it stored before is parked waiting for it (an active one needs its user; it is
 * released when the user arrives), parked for the settings (released when they are fixed), or a drop, whose row
 * does not depend on the user. Looking them up anyway cost a full sync, where every user is new, a query per batch
 * over all stored enrollments of its users, slower the more were stored.
 * Other kinds: courses re-project their classes themselves; sessions see changesClasses; orgs release parked entities.
 */
export function changesEnrollments(previous: ProvisioningEntity | undefined, next: ProvisioningEntity): boolean {
  if (next.kind !== 'class' && next.kind !== 'user') return false;
  if (!previous) return next.kind === 'class';
  if (next.kind === 'user') return (previous.record as User).status !== next.record.status;
  const before = previous.record as Class;
  const after = next.record;
  return (
    before.status !== after.status ||
    before.course.sourcedId !== after.course.sourcedId ||
    before.school.sourcedId !== after.school.sourcedId ||
    !same(before.terms.map((t) => t.sourcedId), after.terms.map((t) => t.sourcedId))
  );
}

/**
 * Whether a changed academic session can change the Canvas courses of the classes using it as a term: its dates
 * (a class spanning terms opens for their whole span), type or parent (which Canvas term the class goes in).
 * A new session needs nothing here: classes waiting for it are parked and released.
 */
export function changesClasses(previous: ProvisioningEntity | undefined, next: ProvisioningEntity): boolean {
  if (next.kind !== 'academicSession' || !previous) return false;
  const before = previous.record as AcademicSession;
  const after = next.record;
  return (
    before.startDate !== after.startDate ||
    before.endDate !== after.endDate ||
    before.type !== after.type ||
    before.parent?.sourcedId !== after.parent?.sourcedId
  );
}
