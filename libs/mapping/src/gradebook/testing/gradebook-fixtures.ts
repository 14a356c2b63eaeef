import type { Category } from '@rp/oneroster';
import { type PassbackSettings, resolvePassbackSettings } from '../passback-settings';
import type { AssignmentSnapshot, SubmissionSnapshot } from '../ports/canvas-snapshots';
import type { ClassContext } from '../ports/class-context';

/** Test builders shared by the gradebook specs (not exported from the library). */
export const NOW = '2024-10-20T15:00:00.000Z';

export const settingsFor = (overrides: Partial<PassbackSettings> = {}): PassbackSettings =>
  resolvePassbackSettings('acme', {
    timeZones: { districtDefault: 'America/Chicago', bySchool: { 'school-ny': 'America/New_York' } },
    ...overrides,
  });

export const category = (sourcedId: string, title: string, classId?: string): Category => ({
  sourcedId,
  status: 'active',
  dateLastModified: '2024-08-01T00:00:00.000Z',
  title,
  ...(classId ? { metadata: { classId } } : {}),
});

export const assignment = (overrides: Partial<AssignmentSnapshot> = {}): AssignmentSnapshot => ({
  id: '371',
  name: 'Fractions worksheet',
  workflowState: 'published',
  pointsPossible: 20,
  gradingType: 'points',
  submissionTypes: ['online_upload'],
  dueAt: '2024-10-15T22:00:00Z',
  unlockAt: '2024-10-08T13:00:00Z',
  createdAt: '2024-10-01T12:00:00Z',
  assignmentGroupName: 'Homework',
  isGradedDiscussion: false,
  isQuiz: false,
  postToSis: true,
  courseId: '565',
  sisCourseId: 'class-1',
  sections: [{ id: '4811', sisSectionId: 'class-1' }],
  ...overrides,
});

export const classContext = (overrides: Partial<ClassContext> = {}): ClassContext => ({
  classSourcedId: 'class-1',
  schoolSourcedId: 'school-chi',
  categories: [category('cat-hw', 'Homework'), category('cat-tests', 'Tests'), category('cat-other', 'Other')],
  gradingPeriods: [
    { sourcedId: 'q1', title: 'Quarter 1', startDate: '2024-08-15', endDate: '2024-10-01' },
    { sourcedId: 'q2', title: 'Quarter 2', startDate: '2024-10-01', endDate: '2024-12-20' },
    { sourcedId: 'q3', title: 'Quarter 3', startDate: '2025-01-06', endDate: '2025-03-15', open: false },
  ],
  ...overrides,
});

export const submission = (overrides: Partial<SubmissionSnapshot> = {}): SubmissionSnapshot => ({
  assignmentId: '371',
  canvasUserId: '48',
  userSisId: 'student-1',
  score: 18,
  grade: '18',
  excused: false,
  late: false,
  missing: false,
  workflowState: 'graded',
  gradedAt: '2024-10-16T14:00:00Z',
  submittedAt: '2024-10-15T20:00:00Z',
  postedAt: '2024-10-16T14:00:00Z',
  comment: null,
  canvasEventTime: '2024-10-16T14:00:01.000Z',
  ...overrides,
});
