import type { CanvasAssignment, CanvasEnrollment, CanvasSubmission } from '@rp/canvas';
import { TtlCache } from '../cache/ttl-cache';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import { type CourseFacts, type CourseGradeFacts, type StudentEnrollmentFact, toCourseGradeFacts, toStudentEnrollments } from './canvas-snapshot.mapper';

const ALL_ENROLLMENT_STATES = ['active', 'invited', 'creation_pending', 'inactive', 'completed', 'rejected', 'deleted'];

/**
 * Canvas reads of the processor. Course facts (SIS ids, sections, groups, student enrollments) are cached per
 * course for a short time. Assignments are kept until an event says they changed (an assignment or group event
 * re-reads them; reconciliation forgets a tenant's), so a burst of grades reads each assignment once, not per grade;
 * likewise every student's Final Grade Override of a course (grade_override events re-read them). Submissions are
 * read when an event's body is not enough (see BatchReads).
 */
export class CanvasCourseReader {
  private readonly courses: TtlCache<CourseFacts>;
  private readonly groups: TtlCache<Map<string, string>>;
  private readonly students: TtlCache<StudentEnrollmentFact[]>;
  private readonly assignments: TtlCache<CanvasAssignment>;
  private readonly courseGradeRows: TtlCache<CanvasEnrollment[]>;
  /** `tenant|c:<sis course>` / `tenant|s:<sis section>` → the Canvas course kept for it (explicit invalidation). */
  private readonly byClassKey = new Map<string, string>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.courses = new TtlCache(ttlMs, now);
    this.groups = new TtlCache(ttlMs, now);
    this.students = new TtlCache(ttlMs, now);
    this.assignments = new TtlCache(Number.POSITIVE_INFINITY, now, 50_000);
    this.courseGradeRows = new TtlCache(Number.POSITIVE_INFINITY, now, 2_000);
  }

  course(ctx: TenantGradebookContext, courseId: string): Promise<CourseFacts> {
    return this.courses.get(`${ctx.tenant}|${courseId}`, async () => {
      const course = await ctx.canvas.getCourse(Number(courseId));
      const sections: CourseFacts['sections'] = [];
      for await (const s of ctx.canvas.listSections(Number(courseId))) sections.push({ id: String(s.id), sisSectionId: s.sis_section_id ?? null });
      const facts = { id: String(course.id), sisCourseId: course.sis_course_id ?? null, sections };
      if (facts.sisCourseId) this.byClassKey.set(`${ctx.tenant}|c:${facts.sisCourseId}`, facts.id);
      for (const s of sections) if (s.sisSectionId) this.byClassKey.set(`${ctx.tenant}|s:${s.sisSectionId}`, facts.id);
      return facts;
    });
  }

  /**
   * Forgets the course facts and student rows kept for the classes a provisioning record changed (`c:<sis course>`,
   * `s:<sis section>`): the next event reads them once again.
   */
  forgetClasses(tenant: string, classKeys: string[]): void {
    for (const key of classKeys) {
      const courseId = this.byClassKey.get(`${tenant}|${key}`);
      if (!courseId) continue;
      this.courses.delete(`${tenant}|${courseId}`);
      this.students.delete(`${tenant}|${courseId}`);
    }
  }

  /** The assignment group name by group id (a renamed group invalidates it through `forgetGroups`). */
  async groupName(ctx: TenantGradebookContext, courseId: string, groupId: number | string): Promise<string | null> {
    const names = await this.groups.get(`${ctx.tenant}|${courseId}`, async () => {
      const map = new Map<string, string>();
      for await (const g of ctx.canvas.listAssignmentGroups(Number(courseId))) map.set(String(g.id), g.name);
      return map;
    });
    return names.get(String(groupId)) ?? null;
  }

  forgetGroups(tenant: string, courseId: string): void {
    this.groups.delete(`${tenant}|${courseId}`);
  }

  /**
   * Student enrollment rows of a course; `fresh` re-reads them (a student the cache does not know yet). The listing
   * is the one course grades read too: it also serves them when they have none kept (one call per course, not two).
   */
  studentEnrollments(ctx: TenantGradebookContext, courseId: string, fresh = false): Promise<StudentEnrollmentFact[]> {
    const key = `${ctx.tenant}|${courseId}`;
    if (fresh) this.students.delete(key);
    return this.students.get(key, async () => {
      const rows = await this.studentRowsOf(ctx, courseId);
      this.courseGradeRows.setIfAbsent(key, rows);
      return toStudentEnrollments(rows);
    });
  }

  /**
   * The student's course totals and Final Grade Override as last listed for the course (one listing serves every
   * student). Overrides change only through grade_override events, which read them `fresh`; a student missing from
   * the listing lists the course again.
   */
  async courseGrades(ctx: TenantGradebookContext, courseId: string, canvasUserId: string, fresh = false): Promise<CourseGradeFacts | null> {
    const key = `${ctx.tenant}|${courseId}`;
    if (fresh) this.courseGradeRows.delete(key);
    const load = () => this.courseGradesOfAll(ctx, courseId);
    const facts = toCourseGradeFacts(await this.courseGradeRows.get(key, load), canvasUserId);
    if (facts || fresh) return facts;
    this.courseGradeRows.delete(key);
    return toCourseGradeFacts(await this.courseGradeRows.get(key, load), canvasUserId);
  }

  /** The assignment as last read; `fresh` re-reads it (its own event says it changed). */
  assignment(ctx: TenantGradebookContext, courseId: string, assignmentId: string, fresh = false): Promise<CanvasAssignment> {
    const key = `${ctx.tenant}|${courseId}|${assignmentId}`;
    if (fresh) this.assignments.delete(key);
    return this.assignments.get(key, () => ctx.canvas.getAssignment(Number(courseId), Number(assignmentId)));
  }

  /** The group's assignments, read fresh (a group event); every assignment listed is kept as the latest read. */
  async assignmentsOfGroup(ctx: TenantGradebookContext, courseId: string, groupId: string): Promise<CanvasAssignment[]> {
    const list: CanvasAssignment[] = [];
    for await (const a of ctx.canvas.listAssignments(Number(courseId))) {
      this.assignments.set(`${ctx.tenant}|${courseId}|${a.id}`, a);
      if (String(a.assignment_group_id) === groupId) list.push(a);
    }
    return list;
  }

  /** Forgets what is kept of a tenant's courses (reconciliation re-reads; Live Events may have been lost). */
  forgetTenant(tenant: string): void {
    for (const cache of [this.courses, this.groups, this.students, this.assignments, this.courseGradeRows]) cache.deleteByPrefix(`${tenant}|`);
  }

  /** Every student's course totals and override in one listing (which also serves the student rows when none are kept). */
  private async courseGradesOfAll(ctx: TenantGradebookContext, courseId: string): Promise<CanvasEnrollment[]> {
    const rows = await this.studentRowsOf(ctx, courseId);
    this.students.setIfAbsent(`${ctx.tenant}|${courseId}`, toStudentEnrollments(rows));
    return rows;
  }

  /** The course's student enrollments in every state, with their grades and overrides. */
  private async studentRowsOf(ctx: TenantGradebookContext, courseId: string): Promise<CanvasEnrollment[]> {
    const rows: CanvasEnrollment[] = [];
    for await (const e of ctx.canvas.listEnrollments({ course: Number(courseId) }, { 'type[]': ['StudentEnrollment'], 'state[]': ALL_ENROLLMENT_STATES })) rows.push(e);
    return rows;
  }

  submission(ctx: TenantGradebookContext, courseId: string, assignmentId: string, canvasUserId: string): Promise<CanvasSubmission> {
    return ctx.canvas.getSubmission(Number(courseId), Number(assignmentId), Number(canvasUserId));
  }

  async submissionsOf(ctx: TenantGradebookContext, courseId: string, assignmentId: string): Promise<CanvasSubmission[]> {
    const list: CanvasSubmission[] = [];
    for await (const s of ctx.canvas.listAssignmentSubmissions(Number(courseId), Number(assignmentId))) list.push(s);
    return list;
  }
}
