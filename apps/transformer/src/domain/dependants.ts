import type { Class, User } from '@rp/oneroster';
import type { ProvisioningEntity } from '@rp/mapping';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a changed class or user can change the Canvas enrollments of it (so they must be re-projected):
 * a class's status (drops with it), course, school or terms (the enrollment's Canvas course under
 * sections-under-course); a user's status (a deleted user's enrollments drop). A rename changes none of them.
 * Other kinds: courses re-project their classes themselves; sessions and orgs release parked entities only.
 */
export function changesEnrollments(previous: ProvisioningEntity | undefined, next: ProvisioningEntity): boolean {
  if (next.kind !== 'class' && next.kind !== 'user') return false;
  if (!previous) return true; // new: enrollments already stored (e.g. after a replay) get their first projection
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
