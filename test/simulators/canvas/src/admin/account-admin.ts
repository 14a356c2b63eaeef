import type { Clock } from '../clock';
import { computeCourseScores, gradeFor, submissionOf, type CourseScores } from '../grades/course-scores';
import {
  assignmentBody, assignmentGroupBody, courseGradeChangeBody, gradeChangeBody, submissionBody, type GradeSnapshot,
} from '../live-events/bodies';
import type { LiveEventEmitter } from '../live-events/emit';
import { metadataFor, type Actor } from '../live-events/payloads';
import { findAssignment, findCourse, findUser } from '../lookup';
import type { Assignment, AssignmentGroup, AssignmentKind, Course, GradingType, Submission, User } from '../state/model';
import type { RootAccountState } from '../state/root-account-state';

export interface NewAssignment {
  name: string;
  pointsPossible?: number;
  kind?: AssignmentKind;
  gradingType?: GradingType;
  dueAt?: string | null;
  published?: boolean;
  postToSis?: boolean;
  omitFromFinalGrade?: boolean;
  postManually?: boolean;
  sisAssignmentId?: string | null;
  assignmentGroupId?: number;
  description?: string | null;
  /** The teacher acting (course teacher by default). */
  teacher?: string;
}

export interface GradeInput {
  score?: number | null;
  /** Letter or text grade; converted to a score for letter/pass-fail types. */
  grade?: string;
  grader?: string;
}

type Ref = string | number;
const ref = (r: Ref) => String(r);

/**
 * The teacher's side of Canvas for tests: authoring, grading and posting, each emitting the Live Events
 * Canvas emits. Refs accept local ids or SIS addressing (`sis_course_id:…`, `sis_user_id:…`).
 */
export class AccountAdmin {
  constructor(readonly state: RootAccountState, private readonly events: LiveEventEmitter, private readonly clock: Clock) {}

  course(r: Ref): Course {
    const c = findCourse(this.state, ref(r));
    if (!c) throw new Error(`canvas-sim ${this.state.key}: course ${r} not found`);
    return c;
  }
  user(r: Ref): User {
    const u = findUser(this.state, ref(r));
    if (!u) throw new Error(`canvas-sim ${this.state.key}: user ${r} not found`);
    return u;
  }
  assignment(course: Course, r: Ref): Assignment {
    const a = findAssignment(this.state, course, ref(r));
    if (!a) throw new Error(`canvas-sim ${this.state.key}: assignment ${r} not found in course ${course.id}`);
    return a;
  }

  createAssignmentGroup(courseRef: Ref, input: { name: string; position?: number; groupWeight?: number; sisSourceId?: string | null; teacher?: string }): AssignmentGroup {
    const course = this.course(courseRef);
    const s = this.state;
    const siblings = [...s.assignmentGroups.values()].filter((g) => g.courseId === course.id);
    const group: AssignmentGroup = {
      id: s.nextId('group'), courseId: course.id, name: input.name, position: input.position ?? siblings.length + 1,
      groupWeight: input.groupWeight ?? 0, sisSourceId: input.sisSourceId ?? null, integrationData: null, rules: null,
      workflowState: 'available',
    };
    s.assignmentGroups.set(group.id, group);
    this.emit('assignment_group_created', course, this.teacherActor(course, input.teacher, 'POST', `/api/v1/courses/${course.id}/assignment_groups`), assignmentGroupBody(group));
    return group;
  }

  createAssignment(courseRef: Ref, input: NewAssignment): Assignment {
    const course = this.course(courseRef);
    const s = this.state;
    const at = this.clock.now();
    const groupId = input.assignmentGroupId ?? this.defaultGroup(course, input.teacher).id;
    const kind = input.kind ?? 'assignment';
    const a: Assignment = {
      id: s.nextId('assignment'), courseId: course.id, assignmentGroupId: groupId, name: input.name,
      description: input.description ?? null, pointsPossible: input.pointsPossible ?? 100, gradingType: input.gradingType ?? 'points',
      dueAt: input.dueAt ?? null, unlockAt: null, lockAt: null,
      submissionTypes: kind === 'discussion' ? ['discussion_topic'] : kind === 'quiz' ? ['online_quiz'] : ['online_text_entry'],
      workflowState: input.published === false ? 'unpublished' : 'published', postToSis: input.postToSis ?? false,
      omitFromFinalGrade: input.omitFromFinalGrade ?? false, postManually: input.postManually ?? false,
      sisAssignmentId: input.sisAssignmentId ?? null, integrationId: null, kind,
      quizId: kind === 'quiz' ? s.nextId('assignment') + 100000 : null,
      discussionTopicId: kind === 'discussion' ? s.nextId('assignment') + 200000 : null,
      position: [...s.assignments.values()].filter((x) => x.courseId === course.id).length + 1, createdAt: at, updatedAt: at,
    };
    s.assignments.set(a.id, a);
    // Canvas creates an unsubmitted submission for every student when an assignment is created
    for (const e of s.enrollmentsOf({ courseId: course.id }, (e) => e.type === 'StudentEnrollment' && e.workflowState !== 'deleted')) {
      this.submissionFor(a, e.userId);
    }
    this.emit('assignment_created', course, this.teacherActor(course, input.teacher, 'POST', `/api/v1/courses/${course.id}/assignments`), assignmentBody(s, a));
    return a;
  }

  updateAssignment(courseRef: Ref, assignmentRef: Ref, patch: Partial<Omit<NewAssignment, 'kind' | 'teacher'>> & { workflowState?: Assignment['workflowState'] }): Assignment {
    const course = this.course(courseRef);
    const a = this.assignment(course, assignmentRef);
    const students = this.studentsWithSubmissions(a);
    const before = this.scoresOf(course, students);
    const fields: Partial<Assignment> = { ...patch };
    if (patch.published !== undefined) fields.workflowState = patch.published ? 'published' : 'unpublished';
    delete (fields as Record<string, unknown>).published;
    Object.assign(a, fields, { updatedAt: this.clock.now() });
    this.emit('assignment_updated', course, this.teacherActor(course, undefined, 'PUT', `/api/v1/courses/${course.id}/assignments/${a.id}`), assignmentBody(this.state, a));
    this.emitCourseGrades(course, students, before, this.jobActor('Course#recompute_student_scores'));
    return a;
  }

  deleteAssignment(courseRef: Ref, assignmentRef: Ref): void {
    this.updateAssignment(courseRef, assignmentRef, { workflowState: 'deleted' });
  }

  /** Teacher enters a grade (gradebook / SpeedGrader): grade_change, submission_updated, course_grade_change. */
  grade(courseRef: Ref, assignmentRef: Ref, userRef: Ref, input: GradeInput): Submission {
    return this.changeSubmission(courseRef, assignmentRef, userRef, input.grader, (a, sub) => {
      const score = input.score !== undefined ? input.score : scoreFromGrade(a, input.grade);
      sub.score = score;
      sub.grade = input.grade !== undefined && a.gradingType !== 'points' ? input.grade : gradeFor(a, score);
      sub.excused = false;
      sub.workflowState = score === null ? (sub.submittedAt ? 'submitted' : 'unsubmitted') : 'graded';
    });
  }

  /** Excusing clears score and grade and removes the assignment from the student's totals. */
  excuse(courseRef: Ref, assignmentRef: Ref, userRef: Ref, options: { grader?: string } = {}): Submission {
    return this.changeSubmission(courseRef, assignmentRef, userRef, options.grader, (_a, sub) => {
      Object.assign(sub, { excused: true, score: null, grade: null, workflowState: 'graded' });
    });
  }

  unexcuse(courseRef: Ref, assignmentRef: Ref, userRef: Ref): Submission {
    return this.changeSubmission(courseRef, assignmentRef, userRef, undefined, (_a, sub) => {
      Object.assign(sub, { excused: false, workflowState: sub.score === null ? 'unsubmitted' : 'graded' });
    }, false);
  }

  markLate(courseRef: Ref, assignmentRef: Ref, userRef: Ref, secondsLate = 3600): Submission {
    return this.setLatePolicy(courseRef, assignmentRef, userRef, 'late', secondsLate);
  }
  markMissing(courseRef: Ref, assignmentRef: Ref, userRef: Ref): Submission {
    return this.setLatePolicy(courseRef, assignmentRef, userRef, 'missing', null);
  }
  clearLatePolicy(courseRef: Ref, assignmentRef: Ref, userRef: Ref): Submission {
    return this.setLatePolicy(courseRef, assignmentRef, userRef, 'none', null);
  }

  /** A student hands work in (sets submitted_at, which drives "late" against the due date). */
  submit(courseRef: Ref, assignmentRef: Ref, userRef: Ref, submittedAt = this.clock.now()): Submission {
    const course = this.course(courseRef);
    const a = this.assignment(course, assignmentRef);
    const student = this.user(userRef);
    const sub = this.submissionFor(a, student.id);
    const first = sub.submittedAt === null;
    Object.assign(sub, { submittedAt, submissionType: a.submissionTypes[0], attempt: (sub.attempt ?? 0) + 1, updatedAt: this.clock.now() });
    if (sub.workflowState === 'unsubmitted') sub.workflowState = 'submitted';
    const actor: Actor = { kind: 'user', user: student, role: 'StudentEnrollment', method: 'POST', url: `/api/v1/courses/${course.id}/assignments/${a.id}/submissions` };
    this.emit(first ? 'submission_created' : 'submission_updated', course, actor, submissionBody(this.state, a, sub));
    return sub;
  }

  /** Posts hidden grades (Assignment#post_submissions job): grade_change with muted=false for each. */
  postGrades(courseRef: Ref, assignmentRef: Ref, options: { users?: Ref[] } = {}): Submission[] {
    const course = this.course(courseRef);
    const a = this.assignment(course, assignmentRef);
    const only = options.users ? new Set(options.users.map((u) => this.user(u).id)) : null;
    const subs = [...this.state.submissions.values()].filter((x) => x.assignmentId === a.id && x.postedAt === null &&
      (x.score !== null || x.excused) && (!only || only.has(x.userId)));
    const students = subs.map((x) => x.userId);
    const before = this.scoresOf(course, students);
    const actor = this.jobActor('Assignment#post_submissions');
    for (const sub of subs) {
      const snapshot = { grade: sub.grade, score: sub.score, pointsPossible: a.pointsPossible };
      sub.postedAt = this.clock.now();
      sub.updatedAt = this.clock.now();
      this.emit('grade_change', course, actor, gradeChangeBody(this.state, a, sub, this.state.users.get(sub.userId)!, snapshot, sub.graderId));
      this.emit('submission_updated', course, actor, submissionBody(this.state, a, sub));
    }
    this.emitCourseGrades(course, students, before, actor);
    return subs;
  }

  /** Hides posted grades again (submission_updated with posted_at null; no grade_change). */
  hideGrades(courseRef: Ref, assignmentRef: Ref): Submission[] {
    const course = this.course(courseRef);
    const a = this.assignment(course, assignmentRef);
    const subs = [...this.state.submissions.values()].filter((x) => x.assignmentId === a.id && x.postedAt !== null);
    const students = subs.map((x) => x.userId);
    const before = this.scoresOf(course, students);
    const actor = this.jobActor('Assignment#hide_submissions');
    for (const sub of subs) {
      sub.postedAt = null;
      sub.updatedAt = this.clock.now();
      this.emit('submission_updated', course, actor, submissionBody(this.state, a, sub));
    }
    a.postManually = true;
    this.emitCourseGrades(course, students, before, actor);
    return subs;
  }

  /** Posting policy: manual keeps new grades hidden until posted. */
  setPostPolicy(courseRef: Ref, postManually: boolean, assignmentRef?: Ref): void {
    const course = this.course(courseRef);
    if (assignmentRef === undefined) course.postManually = postManually;
    else this.assignment(course, assignmentRef).postManually = postManually;
  }

  /** Final Grade Override for a student's course grade: grade_override event. */
  overrideCourseGrade(courseRef: Ref, userRef: Ref, score: number | null): void {
    const course = this.course(courseRef);
    const student = this.user(userRef);
    const e = this.state.enrollmentsOf({ courseId: course.id, userId: student.id }, (x) => x.type === 'StudentEnrollment')[0];
    if (!e) throw new Error(`canvas-sim ${this.state.key}: user ${userRef} has no student enrollment in course ${course.id}`);
    const old = e.overrideScore;
    e.overrideScore = score;
    e.updatedAt = this.clock.now();
    this.emit('grade_override', course, this.teacherActor(course, undefined, 'PUT', `/courses/${course.id}/gradebook/final_grade_overrides`), {
      score_id: String(e.id), enrollment_id: this.state.globalId(e.id), user_id: this.state.globalId(student.id),
      course_id: this.state.globalId(course.id), grading_period_id: null, override_score: score, old_override_score: old,
      updated_at: new Date(this.clock.now()).toISOString(),
    });
  }

  /** Simulates an edit in the Canvas UI: the fields become sticky (imports stop overwriting them). */
  editInUi(kind: 'course' | 'section' | 'user' | 'account' | 'term', r: Ref, fields: Record<string, unknown>): void {
    const table = { course: this.state.courses, section: this.state.sections, user: this.state.users, account: this.state.accounts, term: this.state.terms }[kind];
    const sisLookup = String(r).includes(':') ? String(r).split(':').slice(1).join(':') : null;
    const row = [...(table as Map<number, { id: number; sisId: string | null; stuck: Set<string> }>).values()]
      .find((x) => (sisLookup !== null ? x.sisId === sisLookup : x.id === Number(r)));
    if (!row) throw new Error(`canvas-sim ${this.state.key}: ${kind} ${r} not found`);
    Object.assign(row, fields);
    for (const f of Object.keys(fields)) row.stuck.add(f);
  }

  // --- internals -------------------------------------------------------------------------------

  private changeSubmission(
    courseRef: Ref, assignmentRef: Ref, userRef: Ref, graderRef: string | undefined,
    mutate: (a: Assignment, sub: Submission) => void, gradeEvent = true,
  ): Submission {
    const course = this.course(courseRef);
    const a = this.assignment(course, assignmentRef);
    const student = this.user(userRef);
    const sub = this.submissionFor(a, student.id);
    const before = this.scoresOf(course, [student.id]);
    const snapshot: GradeSnapshot = { grade: sub.grade, score: sub.score, pointsPossible: a.pointsPossible };
    const actor = this.teacherActor(course, graderRef, 'PUT', `/api/v1/courses/${course.id}/assignments/${a.id}/submissions/${student.id}`);
    const grader = actor.kind === 'user' ? actor.user.id : null;
    mutate(a, sub);
    const at = this.clock.now();
    sub.gradedAt = at;
    sub.graderId = grader;
    sub.updatedAt = at;
    // automatic posting policy: a grade is visible as soon as it is entered
    if (sub.postedAt === null && !a.postManually && !course.postManually) sub.postedAt = at;
    if (gradeEvent) this.emit('grade_change', course, actor, gradeChangeBody(this.state, a, sub, student, snapshot, grader));
    this.emit('submission_updated', course, actor, submissionBody(this.state, a, sub));
    this.emitCourseGrades(course, [student.id], before, actor);
    return sub;
  }

  private setLatePolicy(courseRef: Ref, assignmentRef: Ref, userRef: Ref, status: 'late' | 'missing' | 'none', secondsLate: number | null): Submission {
    const course = this.course(courseRef);
    const a = this.assignment(course, assignmentRef);
    const student = this.user(userRef);
    const sub = this.submissionFor(a, student.id);
    Object.assign(sub, { latePolicyStatus: status, secondsLateOverride: secondsLate, updatedAt: this.clock.now() });
    const actor = this.teacherActor(course, undefined, 'PUT', `/api/v1/courses/${course.id}/assignments/${a.id}/submissions/${student.id}`);
    this.emit('submission_updated', course, actor, submissionBody(this.state, a, sub));
    return sub;
  }

  private submissionFor(a: Assignment, userId: number): Submission {
    const existing = submissionOf(this.state, a.id, userId);
    if (existing) return existing;
    const sub: Submission = {
      id: this.state.nextId('submission'), assignmentId: a.id, userId, score: null, grade: null, excused: false,
      workflowState: 'unsubmitted', gradedAt: null, graderId: null, submittedAt: null, submissionType: null,
      latePolicyStatus: null, secondsLateOverride: null, postedAt: null, attempt: null, updatedAt: this.clock.now(),
    };
    this.state.submissions.set(sub.id, sub);
    return sub;
  }

  private defaultGroup(course: Course, teacher?: string): AssignmentGroup {
    const existing = [...this.state.assignmentGroups.values()].find((g) => g.courseId === course.id && g.workflowState === 'available');
    return existing ?? this.createAssignmentGroup(course.id, { name: 'Assignments', teacher });
  }

  private studentsWithSubmissions(a: Assignment): number[] {
    return [...this.state.submissions.values()].filter((x) => x.assignmentId === a.id).map((x) => x.userId);
  }

  private scoresOf(course: Course, userIds: number[]): Map<number, CourseScores> {
    return new Map(userIds.map((id) => [id, computeCourseScores(this.state, course.id, id)]));
  }

  private emitCourseGrades(course: Course, userIds: number[], before: Map<number, CourseScores>, actor: Actor): void {
    for (const userId of new Set(userIds)) {
      const after = computeCourseScores(this.state, course.id, userId);
      const old = before.get(userId)!;
      if (JSON.stringify(old) === JSON.stringify(after)) continue;
      const e = this.state.enrollmentsOf({ courseId: course.id, userId }, (x) => x.type === 'StudentEnrollment')[0];
      this.emit('course_grade_change', course, actor, courseGradeChangeBody(userId, course.id, e?.createdAt ?? this.clock.now(), this.clock.now(), old, after));
    }
  }

  private teacherActor(course: Course, teacherRef: string | undefined, method: string, url: string): Actor {
    const user = teacherRef ? this.user(teacherRef) : this.firstTeacher(course);
    return user ? { kind: 'user', user, role: 'TeacherEnrollment', method, url } : this.jobActor('SubmissionsApiController#update');
  }

  private firstTeacher(course: Course): User | undefined {
    const e = this.state.enrollmentsOf({ courseId: course.id }, (x) => x.type === 'TeacherEnrollment' && x.workflowState === 'active')[0];
    return e ? this.state.users.get(e.userId) : undefined;
  }

  private jobActor(tag: string): Actor {
    return { kind: 'job', tag };
  }

  private emit(name: string, course: Course, actor: Actor, body: Record<string, unknown>): void {
    this.events.emit(this.state, { metadata: metadataFor(this.state, name, this.clock.now(), course, actor), body });
  }
}

function scoreFromGrade(a: Assignment, grade: string | undefined): number | null {
  if (grade === undefined || grade === '') return null;
  if (/^-?\d+(\.\d+)?%$/.test(grade)) return (Number(grade.slice(0, -1)) / 100) * a.pointsPossible;
  if (/^-?\d+(\.\d+)?$/.test(grade)) return Number(grade);
  if (/^(complete|pass)$/i.test(grade)) return a.pointsPossible;
  if (/^(incomplete|fail)$/i.test(grade)) return 0;
  throw new Error(`canvas-sim: cannot turn grade "${grade}" into a score for assignment ${a.id}`);
}
