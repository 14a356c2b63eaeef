import type { CanvasEnrollment, CanvasSubmission } from '@rp/canvas';
import type { LiveEventRoute } from '@rp/mapping';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import type { CanvasCourseReader } from './canvas-course.reader';
import { type CourseGradeFacts, toCourseGradeFacts } from './canvas-snapshot.mapper';

/** How many events of one batch need the same Canvas listing (by `course|assignment` and by course). */
export interface BatchDemand {
  submissionsOf: Map<string, number>;
  courseGradesOf: Map<string, number>;
}

/** Counts what a batch's routes will read, so a listing is used only where it saves calls. */
export function demandOf(routes: LiveEventRoute[]): BatchDemand {
  const demand: BatchDemand = { submissionsOf: new Map(), courseGradesOf: new Map() };
  const add = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  for (const r of routes) {
    if (r.kind === 'result' && r.courseId) add(demand.submissionsOf, `${r.courseId}|${r.assignmentId}`);
    if (r.kind === 'course-grade' && r.courseId) add(demand.courseGradesOf, r.courseId);
  }
  return demand;
}

/**
 * Canvas reads shared by the events of one batch. A single grade reads its own submission (one call, as fresh as the
 * event); several grades on one assignment read the assignment's submissions once, and several course grade changes
 * in one course read its enrollments (with totals) once — a burst of 30 grades costs one call, not 30.
 * The listing happens after the events were emitted, so it is at least as recent as each of them.
 */
export class BatchReads {
  private readonly submissionLists = new Map<string, Promise<Map<string, CanvasSubmission>>>();
  private readonly gradeLists = new Map<string, Promise<CanvasEnrollment[]>>();

  constructor(private readonly canvas: CanvasCourseReader, private readonly demand: BatchDemand) {}

  async submission(ctx: TenantGradebookContext, courseId: string, assignmentId: string, canvasUserId: string): Promise<CanvasSubmission> {
    const key = `${courseId}|${assignmentId}`;
    if ((this.demand.submissionsOf.get(key) ?? 0) < 2) return this.canvas.submission(ctx, courseId, assignmentId, canvasUserId);
    let list = this.submissionLists.get(key);
    if (!list) {
      list = this.canvas.submissionsOf(ctx, courseId, assignmentId).then((subs) => new Map(subs.map((s) => [String(s.user_id), s])));
      this.submissionLists.set(key, list);
      list.catch(() => this.submissionLists.delete(key));
    }
    return (await list).get(canvasUserId) ?? this.canvas.submission(ctx, courseId, assignmentId, canvasUserId);
  }

  async courseGrades(ctx: TenantGradebookContext, courseId: string, canvasUserId: string): Promise<CourseGradeFacts | null> {
    if ((this.demand.courseGradesOf.get(courseId) ?? 0) < 2) return this.canvas.courseGrades(ctx, courseId, canvasUserId);
    let rows = this.gradeLists.get(courseId);
    if (!rows) {
      rows = this.canvas.courseGradesOfAll(ctx, courseId);
      this.gradeLists.set(courseId, rows);
      rows.catch(() => this.gradeLists.delete(courseId));
    }
    return toCourseGradeFacts(await rows, canvasUserId) ?? this.canvas.courseGrades(ctx, courseId, canvasUserId);
  }
}
