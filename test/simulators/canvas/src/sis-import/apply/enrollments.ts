import type { Enrollment, EnrollmentState, EnrollmentType, Section } from '../../state/model';
import { dateOrNull, isBlank, track, type ApplyContext } from './context';
import { syncObserversOfStudent } from './observer-enrollments';

type Row = Record<string, string>;

const BUILT_IN_ROLES: [RegExp, EnrollmentType][] = [
  [/^teacher$/i, 'TeacherEnrollment'],
  [/^student/i, 'StudentEnrollment'],
  [/^ta$/i, 'TaEnrollment'],
  [/^observer$/i, 'ObserverEnrollment'],
  [/^designer$/i, 'DesignerEnrollment'],
];

/** enrollments.csv, following SIS::EnrollmentImporter's lookups, messages and status rules. */
export function applyEnrollment(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  const courseId = r.course_id ?? '';
  const sectionId = r.section_id ?? '';
  const userRef = r.user_id ?? '';
  const user = !isBlank(r.user_integration_id)
    ? state.byIntegration(state.users, r.user_integration_id)
    : state.bySis(state.users, userRef);
  if (!user) {
    ctx.warn(`User ${userRef || r.user_integration_id} didn't exist for user enrollment`);
    return false;
  }
  let course = isBlank(courseId) ? undefined : state.bySis(state.courses, courseId);
  let section: Section | undefined = isBlank(sectionId) ? undefined : state.bySis(state.sections, sectionId);
  if (!course && !section) {
    ctx.warn(`Neither course ${courseId} nor section ${sectionId} existed for user enrollment`);
    return false;
  }
  if (!isBlank(sectionId) && !section) {
    ctx.warn(`An enrollment referenced a non-existent section ${sectionId}`);
    return false;
  }
  if (!isBlank(courseId) && !course) {
    ctx.warn(`An enrollment referenced a non-existent course ${courseId}`);
    return false;
  }
  if (!section) section = state.defaultSectionOf(course!);
  if (!course || (section.nonxlistCourseId === course.id && section.courseId !== course.id)) {
    course = state.courses.get(section.courseId)!;
  }
  if (course.id !== section.courseId) {
    ctx.warn('An enrollment listed a section and a course that are unrelated');
    return false;
  }
  const role = r.role ?? '';
  const type = BUILT_IN_ROLES.find(([pattern]) => pattern.test(role))?.[1];
  if (!type) {
    ctx.warn(`Improper role "${role || r.role_id}" for an enrollment`);
    return false;
  }
  const status = r.status.toLowerCase();
  if (status.startsWith('deleted') && ctx.options.skipDeletes) return true;

  let associatedUserId: number | null = null;
  if (type === 'ObserverEnrollment' && !isBlank(r.associated_user_id)) {
    const student = state.bySis(state.users, r.associated_user_id);
    const studentEnrollment = student && state.enrollmentsOf(
      { userId: student.id, courseId: course!.id },
      (e) => e.type === 'StudentEnrollment' &&
        (status.startsWith('active') ? e.workflowState === 'active' : true),
    )[0];
    associatedUserId = studentEnrollment ? student!.id : null;
  }

  let enrollment = state.enrollmentsOf(
    { sectionId: section!.id, userId: user.id },
    (e) => e.type === type && e.associatedUserId === associatedUserId,
  )[0];
  const previous = enrollment?.workflowState ?? 'non-existent';
  if (!enrollment) {
    enrollment = {
      id: state.nextId('enrollment'), uuid: state.newUuid(), userId: user.id, courseId: course.id, sectionId: section.id,
      type, role: type, workflowState: 'active', associatedUserId, sisSourceId: null, sisImportId: ctx.importId,
      startAt: null, endAt: null, limitPrivileges: false, createdAt: ctx.now, updatedAt: ctx.now, overrideScore: null,
      viaObserverLink: false,
    } satisfies Enrollment;
    state.enrollments.set(enrollment.id, enrollment);
  }
  enrollment.sisSourceId = [courseId, userRef, role, section.name].filter((p) => p !== '').join(':').slice(0, 255);
  enrollment.workflowState = nextState(ctx, enrollment, status, user.workflowState === 'deleted', userRef, courseId);
  if (!isBlank(r.limit_section_privileges)) enrollment.limitPrivileges = /^true$/i.test(r.limit_section_privileges);
  // dates only take effect when both are given
  const both = !isBlank(r.start_date) && !isBlank(r.end_date);
  enrollment.startAt = both ? dateOrNull(r.start_date) : null;
  enrollment.endAt = both ? dateOrNull(r.end_date) : null;
  enrollment.sisImportId = ctx.importId;
  enrollment.updatedAt = ctx.now;
  track(ctx, 'enrollment', enrollment.id, previous, enrollment.workflowState);
  if (type === 'StudentEnrollment' && enrollment.workflowState === 'active') syncObserversOfStudent(ctx, user.id);
  return true;
}

function nextState(
  ctx: ApplyContext,
  enrollment: Enrollment,
  status: string,
  userDeleted: boolean,
  userRef: string,
  courseRef: string,
): EnrollmentState {
  if (status.startsWith('active')) {
    if (!userDeleted) return 'active';
    ctx.warn(`Attempted enrolling of deleted user ${userRef} in course ${courseRef}`);
    return 'deleted';
  }
  if (status.startsWith('deleted_last_completed')) {
    // used for section moves: delete when another active enrollment in the course remains, else complete
    const other = ctx.state.enrollmentsOf(
      { userId: enrollment.userId, courseId: enrollment.courseId },
      (e) => e.id !== enrollment.id && e.workflowState === 'active',
    );
    return other.length > 0 ? 'deleted' : 'completed';
  }
  if (status.startsWith('deleted')) return 'deleted';
  if (status.startsWith('completed')) return 'completed';
  return 'inactive';
}
