import type { CanvasSubmission } from '@rp/canvas';
import type { LiveEventRoute } from '@rp/mapping';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import type { CanvasCourseReader } from './canvas-course.reader';

/** Per `course|assignment`: the students whose grades a batch's result events are about. */
export type BatchDemand = Map<string, Set<string>>;

/** Collects what a batch's result events will read, so a listing is used only where it saves calls. */
export function demandOf(routes: LiveEventRoute[]): BatchDemand {
  const demand: BatchDemand = new Map();
  for (const r of routes) {
    if (r.kind !== 'result' || !r.courseId) continue;
    const key = `${r.courseId}|${r.assignmentId}`;
    demand.set(key, (demand.get(key) ?? new Set()).add(r.canvasUserId));
  }
  return demand;
}

/**
 * The submissions a batch's result events need, each read once per batch (Canvas sends a grade_change and a
 * submission_updated for one grade). A single student's grade reads its own submission; several students' grades
 * on one assignment read the assignment's submissions once — a burst of 30 grades costs one call, not 30.
 * Submissions are read from Canvas rather than taken from event bodies on purpose: a read is Canvas's state now, at
 * least as recent as every event before it, so decisions stay monotonic however events are split into batches (a
 * body is the state of its own moment: deciding from it after a fresher read would send an older grade again).
 */
export class BatchReads {
  private readonly submissionLists = new Map<string, Promise<Map<string, CanvasSubmission>>>();
  private readonly singles = new Map<string, Promise<CanvasSubmission>>();
  private readonly lineItems = new Map<string, Promise<boolean>>();

  constructor(private readonly canvas: CanvasCourseReader, private readonly demand: BatchDemand) {}

  async submission(ctx: TenantGradebookContext, courseId: string, assignmentId: string, canvasUserId: string): Promise<CanvasSubmission> {
    const key = `${courseId}|${assignmentId}`;
    if ((this.demand.get(key)?.size ?? 0) < 2) return this.single(ctx, courseId, assignmentId, canvasUserId);
    let list = this.submissionLists.get(key);
    if (!list) {
      list = this.canvas.submissionsOf(ctx, courseId, assignmentId).then((subs) => new Map(subs.map((s) => [String(s.user_id), s])));
      this.submissionLists.set(key, list);
      list.catch(() => this.submissionLists.delete(key));
    }
    return (await list).get(canvasUserId) ?? this.single(ctx, courseId, assignmentId, canvasUserId);
  }

  /**
   * Whether the writer has written a lineItem, asked once per batch (every grade of an assignment needs it; a batch of
   * 30 grades is one PostgreSQL round trip, not 30). Within one batch the answer cannot go stale: the lineItems this
   * batch decides are published only once its courses are decided.
   */
  lineItemWritten(tenant: string, lineItemSourcedId: string, load: () => Promise<boolean>): Promise<boolean> {
    const key = `${tenant}|${lineItemSourcedId}`;
    let known = this.lineItems.get(key);
    if (!known) {
      known = load();
      this.lineItems.set(key, known);
      known.catch(() => this.lineItems.delete(key));
    }
    return known;
  }

  private single(ctx: TenantGradebookContext, courseId: string, assignmentId: string, canvasUserId: string): Promise<CanvasSubmission> {
    const key = `${courseId}|${assignmentId}|${canvasUserId}`;
    let read = this.singles.get(key);
    if (!read) {
      read = this.canvas.submission(ctx, courseId, assignmentId, canvasUserId);
      this.singles.set(key, read);
      read.catch(() => this.singles.delete(key));
    }
    return read;
  }
}
