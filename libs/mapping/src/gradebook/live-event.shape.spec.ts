import { liveEventBodyShape } from './live-event.shape';

// Body fields as canvas.md §6.3 lists them per event type.
describe('liveEventBodyShape', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof liveEventBodyShape>]>([
    ['grade_override', { score_id: '3', enrollment_id: '44', user_id: '47', course_id: '565', grading_period_id: null, override_score: 91.5, old_override_score: null, updated_at: '2024-10-16T14:00:00Z' }, 'grade-override'],
    ['course_grade_change', { user_id: '2', course_id: '2', workflow_state: 'active', current_score: 17.31, old_current_score: 13.46, final_score: 12.5 }, 'course-grade'],
    ['assignment_override_created', { assignment_override_id: '9', assignment_id: '371', due_at: null, type: 'CourseSection', course_section_id: '12' }, 'assignment-override'],
    ['submission_created', { submission_id: '1', assignment_id: '371', user_id: '48', submitted_at: null, submission_type: 'basic_lti_launch', attempt: 1, workflow_state: 'submitted' }, 'submission'],
    ['grade_change', { submission_id: '1', assignment_id: '371', assignment_name: 'Essay', grade: '5', old_grade: '4', score: 5, student_id: '48', user_id: '48', grading_complete: true, muted: false }, 'grade-change'],
    ['assignment_updated', { assignment_id: '371', context_id: '565', context_type: 'Course', title: 'Essay', points_possible: 10, submission_types: 'online_upload' }, 'assignment'],
    ['assignment_group_updated', { assignment_group_id: '642', context_id: '565', context_type: 'Course', name: 'Quizzes', group_weight: 20, rules: null }, 'assignment-group'],
    ['a minimal body', { assignment_id: '371', user_id: '48' }, null],
    ['an enrollment', { enrollment_id: '1', course_id: '2', user_id: '3', type: 'StudentEnrollment' }, null],
  ])('%s → %s', (_name, body, shape) => {
    expect(liveEventBodyShape(body)).toBe(shape);
  });
});
