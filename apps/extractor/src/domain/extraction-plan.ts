import type { OneRosterEntityType } from '@rp/messaging';
import type { RosteringCollection } from '@rp/oneroster';

export interface ExtractionStep {
  kind: OneRosterEntityType;
  collection: RosteringCollection;
}

/** Pull order (IC's guide: orgs → terms → people → classes → enrollments), so parents usually precede children. */
export const EXTRACTION_PLAN: readonly ExtractionStep[] = [
  { kind: 'org', collection: 'orgs' },
  { kind: 'academicSession', collection: 'academicSessions' },
  { kind: 'course', collection: 'courses' },
  { kind: 'class', collection: 'classes' },
  { kind: 'user', collection: 'users' },
  { kind: 'enrollment', collection: 'enrollments' },
];
