import type { LiveEventRoute } from '@rp/mapping';
import type { Logger } from '@rp/observability';
import type { GradebookRepository } from '@rp/persistence';
import { CanvasAccountResolver } from '../tenant/canvas-account.resolver';
import type { TenantContexts } from '../tenant/tenant-context';
import { submissionChangeTime } from './canvas-snapshot.mapper';
import type { GradeProcessor } from './grade.processor';
import { WAITING_FOR_ENROLLMENT } from './waiting-events';

export interface ReconcilerPorts {
  tenants: TenantContexts;
  repo: Pick<GradebookRepository, 'checkpoint' | 'saveCheckpoint' | 'outcomes'>;
  processor: GradeProcessor;
  clock: () => Date;
  /** How far back the first run of a tenant looks (default 7 days). */
  firstLookbackMs?: number;
  /** Overlap with the previous run, so a grade saved while it ran is not missed (default 5 minutes). */
  overlapMs?: number;
  logger?: Logger;
}

export interface ReconcileReport {
  tenant: string;
  gradedSince: string;
  courses: number;
  submissions: number;
  heldRechecked: number;
}

/**
 * Live Events are best-effort: per tenant, reads the submissions graded since the checkpoint in every SIS course
 * and re-checks held (unposted) grades and grades waiting for an enrollment, through the same decisions as events; then advances the checkpoint.
 * Writes are idempotent (content hashes), so re-reading a grade that did arrive costs nothing in IC.
 */
export class Reconciler {
  private readonly accounts = new CanvasAccountResolver();

  constructor(private readonly ports: ReconcilerPorts) {}

  /** Reconciles every active tenant; one tenant's failure is logged and does not stop the others. */
  async reconcileAll(): Promise<ReconcileReport[]> {
    const reports: ReconcileReport[] = [];
    for (const tenant of await this.ports.tenants.activeTenants()) {
      try {
        reports.push(await this.reconcileTenant(tenant));
      } catch (error) {
        this.ports.logger?.error('reconciliation failed; the checkpoint stays, the next run retries', { tenant, err: error });
      }
    }
    return reports;
  }

  async reconcileTenant(tenant: string): Promise<ReconcileReport> {
    const { processor, repo, clock } = this.ports;
    const startedAt = clock();
    const checkpoint = await repo.checkpoint(tenant);
    const since = new Date(checkpoint ? checkpoint.getTime() - (this.ports.overlapMs ?? 5 * 60_000) : startedAt.getTime() - (this.ports.firstLookbackMs ?? 7 * 86_400_000));
    const ctx = await processor.context(tenant);
    processor.forgetKnownState(tenant);
    const batch = processor.newBatch(tenant);
    let courses = 0;
    let submissions = 0;
    const account = await this.accounts.idOf(tenant, ctx.canvas, ctx.canvasAccount);
    for await (const course of ctx.canvas.listCourses(account)) {
      if (!course.sis_course_id) continue;
      courses += 1;
      const courseId = String(course.id);
      for await (const sub of ctx.canvas.listStudentSubmissions(course.id, { graded_since: since.toISOString() })) {
        submissions += 1;
        const eventTime = submissionChangeTime(sub, startedAt.toISOString());
        const route: Extract<LiveEventRoute, { kind: 'result' }> = { kind: 'result', eventName: 'reconciliation', eventTime, courseId, assignmentId: String(sub.assignment_id), canvasUserId: String(sub.user_id), needs: [] } satisfies LiveEventRoute;
        await processor.guarded(batch, route, () => processor.processSubmission(ctx, courseId, route.assignmentId, route.canvasUserId, eventTime, batch, sub));
      }
    }
    // Held (unposted) grades, and grades waiting for an enrollment whose event was dropped from the waiting list or
    // lost with a restart (events wait in memory).
    const waiting = (await repo.outcomes(tenant, { status: 'waiting', kind: 'result' })).filter((o) => o.reason?.startsWith(WAITING_FOR_ENROLLMENT));
    const held = [...await repo.outcomes(tenant, { status: 'held', kind: 'result' }), ...waiting];
    for (const h of held) {
      if (!h.canvasCourseId || !h.canvasAssignmentId || !h.canvasUserId) continue;
      const [courseId, assignmentId, userId] = [h.canvasCourseId, h.canvasAssignmentId, h.canvasUserId];
      const route: Extract<LiveEventRoute, { kind: 'result' }> = { kind: 'result', eventName: 'reconciliation', eventTime: startedAt.toISOString(), courseId, assignmentId, canvasUserId: userId, needs: [] } satisfies LiveEventRoute;
      await processor.guarded(batch, route, async () => {
        const sub = await ctx.canvas.getSubmission(Number(courseId), Number(assignmentId), Number(userId));
        await processor.processSubmission(ctx, courseId, assignmentId, userId, submissionChangeTime(sub, startedAt.toISOString()), batch, sub);
      });
    }
    await processor.commit(batch);
    await repo.saveCheckpoint(tenant, startedAt);
    const report = { tenant, gradedSince: since.toISOString(), courses, submissions, heldRechecked: held.length };
    this.ports.logger?.info('reconciled', { ...report });
    return report;
  }
}
