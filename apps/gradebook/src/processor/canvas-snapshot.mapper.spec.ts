import type { CanvasAssignment, CanvasEnrollment, CanvasSubmission } from '@rp/canvas';
import { enrollmentStateIn, submissionChangeTime, toAssignmentSnapshot, toCourseGradeFacts, toStudentEnrollments, toSubmissionSnapshot } from './canvas-snapshot.mapper';

const course = { id: '5', sisCourseId: 'class-1', sections: [{ id: '50', sisSectionId: 'class-1' }, { id: '51', sisSectionId: 'class-2' }] };
const assignment = (o: Partial<CanvasAssignment> = {}): CanvasAssignment => ({
  id: 7, name: 'Essay', course_id: 5, assignment_group_id: 3, points_possible: 20, grading_type: 'points', due_at: '2026-10-01T12:00:00Z',
  published: true, workflow_state: 'published', submission_types: ['discussion_topic'], post_to_sis: true, ...o,
});
const submission = (o: Partial<CanvasSubmission> = {}): CanvasSubmission => ({
  id: 1, user_id: 9, assignment_id: 7, score: null, grade: null, excused: null, attempt: null, submitted_at: null, graded_at: null,
  workflow_state: 'unsubmitted', posted_at: null, late: false, missing: false, ...o,
});
const enrollment = (o: Partial<CanvasEnrollment>): CanvasEnrollment => ({
  id: 1, course_id: 5, course_section_id: 50, user_id: 9, enrollment_state: 'active', type: 'StudentEnrollment', role: 'StudentEnrollment', role_id: 3, sis_user_id: 'stu-9', ...o,
});

describe('Canvas snapshot mapping', () => {
  it('joins the assignment with its course SIS id, sections and group name; a discussion is a graded discussion', () => {
    const snap = toAssignmentSnapshot(assignment(), course, 'Homework');
    expect(snap).toMatchObject({ id: '7', courseId: '5', sisCourseId: 'class-1', assignmentGroupName: 'Homework', isGradedDiscussion: true, isQuiz: false, postToSis: true });
    expect(snap.sections).toHaveLength(2);
  });

  it('reads an unpublished assignment without workflow_state from `published`', () => {
    expect(toAssignmentSnapshot(assignment({ workflow_state: undefined, published: false }), course, null).workflowState).toBe('unpublished');
  });

  it('treats Canvas late/missing policy statuses as the late and missing flags, and null excused as not excused', () => {
    const snap = toSubmissionSnapshot(submission({ late_policy_status: 'missing', excused: null }), 'stu-9', '2026-10-02T00:00:00Z');
    expect(snap).toMatchObject({ missing: true, late: false, excused: false, userSisId: 'stu-9', canvasUserId: '9', assignmentId: '7' });
  });

  it('dates a reconciled submission by its latest change', () => {
    expect(submissionChangeTime(submission({ graded_at: '2026-10-02T00:00:00Z', posted_at: '2026-10-03T00:00:00Z' }), 'x')).toBe('2026-10-03T00:00:00.000Z');
    expect(submissionChangeTime(submission(), 'fallback')).toBe('fallback');
  });

  it('finds the most active enrollment of the student in the class section, or none', () => {
    const rows = toStudentEnrollments([
      enrollment({ course_section_id: 50, enrollment_state: 'deleted' }),
      enrollment({ course_section_id: 51, enrollment_state: 'active' }),
      enrollment({ type: 'TeacherEnrollment', user_id: 1 }),
    ]);
    expect(rows).toHaveLength(2);
    expect(enrollmentStateIn(rows, '9', { classSourcedId: 'class-1', via: 'course' }, course)).toEqual({ state: 'active', userSisId: 'stu-9' });
    expect(enrollmentStateIn(rows, '9', { classSourcedId: 'class-1', via: 'section' }, course)).toEqual({ state: 'deleted', userSisId: 'stu-9' });
    expect(enrollmentStateIn(rows, '10', { classSourcedId: 'class-1', via: 'course' }, course)).toEqual({ state: null, userSisId: null });
  });
});

describe('toCourseGradeFacts', () => {
  const row = (o: Partial<CanvasEnrollment>): CanvasEnrollment => ({
    id: 1, course_id: 5, course_section_id: 50, user_id: 9, enrollment_state: 'active', type: 'StudentEnrollment', role: 'StudentEnrollment', role_id: 3,
    grades: { current_score: 81.2, final_score: 70, current_grade: null, final_grade: null }, override_score: null, override_grade: null, ...o,
  });

  it('reads the posted totals and the Final Grade Override of the student, the most active row first', () => {
    const rows = [
      row({ user_id: 8, override_score: 10 }),
      row({ enrollment_state: 'deleted', override_score: 1 }),
      row({ override_score: 93, override_grade: ' A ' }),
    ];
    expect(toCourseGradeFacts(rows, '9')).toEqual({ currentScore: 81.2, finalScore: 70, overrideScore: 93, overrideGrade: 'A' });
  });

  it('has no override when Canvas reports none, and nothing for a student not in the course', () => {
    expect(toCourseGradeFacts([row({ override_score: undefined, override_grade: undefined })], '9')).toMatchObject({ overrideScore: null, overrideGrade: null });
    expect(toCourseGradeFacts([row({ type: 'TeacherEnrollment' })], '9')).toBeNull();
  });
});
