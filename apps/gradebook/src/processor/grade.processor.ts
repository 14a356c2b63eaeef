import type { CanvasAssignment, CanvasSubmission } from '@rp/canvas';
import {
  type AssignmentSnapshot, type ClassBinding, classBindingsOf, decideCourseGrade, decideLineItem, decideResult,
  type LineItemDecision, lineItemIdFor, type LiveEventRoute, resultSourcedId, routeLiveEvent,
} from '@rp/mapping';
import { type CanvasEntityChange, isRetriable, KeyedMutex, PermanentError, RetriableError, type GradebookWrite, settleLimited } from '@rp/messaging';
import { attachedTraceContext, pipelineMetrics, withSpan, type Logger } from '@rp/observability';
import type { EventOutcomeRecord, GradebookEventLog, GradebookRepository } from '@rp/persistence';
import type { TenantContexts, TenantGradebookContext } from '../tenant/tenant-context';
import { AssignmentCourseResolver } from './assignment-course.resolver';
import type { CanvasCourseReader } from './canvas-course.reader';
import { type CourseFacts, enrollmentStateIn, toAssignmentSnapshot, toSubmissionSnapshot } from './canvas-snapshot.mapper';
import { BatchReads, demandOf } from './batch-reads';
import type { ClassContextReader } from './class-context.reader';
import { type CanvasRefs, DecisionBatch } from './decision-batch';
import { groupByOrderingKey, liveEventOrderingKey, type RoutedLiveEvent } from './live-event-groups';
import { liveEventOutcome } from './live-event-outcome';
import { envelopeOf, type LiveEventRecordFields } from './live-event-record';
import { RosterState } from './roster-state';
import { StudentStates } from './student-states';
import { WaitForState, WaitingEvents, waitingForEnrollment, type WokenEvent } from './waiting-events';

export interface GradeProcessorPorts {
  tenants: TenantContexts;
  repo: Pick<GradebookRepository, 'recordOutcomes' | 'lineItemWritten'>;
  /** Where each consumed event's one outcome is recorded (ops passback status --tenant T). */
  events?: Pick<GradebookEventLog, 'record'>;
  /** Publishes writes to `oneroster.gradebook-writes` (resolves once Kafka acknowledged them). */
  publish(writes: GradebookWrite[]): Promise<void>;
  canvas: CanvasCourseReader;
  ic: ClassContextReader;
  clock: () => Date;
  /** The SIS roster kept from the provisioning topics (default: an empty one). */
  roster?: RosterState;
  /** Events waiting for provisioning state (default: an empty list). */
  waiting?: WaitingEvents;
  /** Courses (ordering groups) of one batch processed at once (default 8). */
  concurrency?: number;
  logger?: Logger;
}

/**
 * The processor role: turns Canvas Live Events into gradebook writes using the mapping rules. It reads what an
 * event lacks from Canvas and IC (kept between events, shared within a batch), decides, records every
 * refusal/hold/skip, and publishes the writes.
 */
export class GradeProcessor {
  private readonly assignmentCourses = new AssignmentCourseResolver();
  readonly roster: RosterState;
  readonly waiting: WaitingEvents;
  private readonly students: StudentStates;
  /**
   * One course's events decided at a time: the consumer hands each course its own slices, but events woken by a roster
   * record (handled in the tenant's slice) may belong to a course whose slice is in progress.
   */
  private readonly courses = new KeyedMutex();

  constructor(private readonly ports: GradeProcessorPorts) {
    this.roster = ports.roster ?? new RosterState();
    this.waiting = ports.waiting ?? new WaitingEvents();
    this.students = new StudentStates(this.roster, ports.canvas);
  }

  /**
   * Applies `canvas.courses` / `canvas.sections` / `canvas.enrollments` records to the kept roster, forgets the Canvas
   * facts kept for the classes they name, and returns the Live Events that were waiting on those classes (to be
   * decided again, before the batch's own events).
   */
  applyProvisioning(changes: CanvasEntityChange[]): WokenEvent[] {
    const woken: WokenEvent[] = [];
    for (const change of changes) {
      const applied = this.roster.apply(change);
      if (!applied) continue;
      this.ports.canvas.forgetClasses(applied.tenant, applied.classKeys);
      woken.push(...this.waiting.wake(applied.tenant, applied.classKeys));
    }
    return woken;
  }

  /**
   * One consumed batch of the processor's group: provisioning records first (they may wake waiting events), then the
   * woken events before the batch's own Live Events. Should the batch fail, the woken events wait again (the retry
   * re-applies the records, which wake them once more).
   */
  async handleConsumed(provisioning: CanvasEntityChange[], events: LiveEventRecordFields[]): Promise<void> {
    const woken = this.applyProvisioning(provisioning);
    if (woken.length + events.length === 0) return;
    try {
      await this.handleEvents([...woken.map((w) => w.record), ...events]);
    } catch (error) {
      for (const w of woken) this.waiting.park(w.record, w.keys, true);
      throw error;
    }
  }

  /**
   * Handles one batch of `canvas.live-events` records. Each course's events run in order, different courses and
   * tenants concurrently (≤ `concurrency`), and each course's decisions are published as soon as they are made.
   * A retriable failure retries the whole (idempotent) batch once every course has finished.
   */
  async handleEvents(records: LiveEventRecordFields[]): Promise<void> {
    const routed: RoutedLiveEvent[] = [];
    for (const record of records) {
      const parsed = envelopeOf(record);
      if ('problem' in parsed) throw new PermanentError(parsed.problem);
      const route = routeLiveEvent(parsed.envelope);
      if (route.kind === 'result') this.roster.link(record.tenant, route.canvasUserId, route.userSisId);
      routed.push({ record, route });
    }
    const reads = new BatchReads(this.ports.canvas, demandOf(routed.map((e) => e.route)));
    const settled = await settleLimited(groupByOrderingKey(routed), this.ports.concurrency ?? 8, (group) =>
      this.courses.run(liveEventOrderingKey(group[0].record.tenant, group[0].route), () => this.handleGroup(group, reads)));
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as Error);
    if (failures.length === 0) return;
    throw failures.find((f) => isRetriable(f)) ?? failures[0];
  }

  /** One course's events of a batch, in order; their writes are published when the course is decided. */
  private async handleGroup(group: RoutedLiveEvent[], reads: BatchReads): Promise<void> {
    const tenant = group[0].record.tenant;
    const ctx = await this.context(tenant);
    const batch = this.newBatch(tenant);
    const events: EventOutcomeRecord[] = [];
    for (const { record, route } of group) {
      // A span per event, continuing the gateway's trace; the writes it decides carry it (see DecisionBatch).
      const attributes = { 'rp.tenant': tenant, 'canvas.event_name': route.eventName };
      const mark = batch.mark();
      let failure: string | undefined;
      await withSpan('gradebook live-event', { parent: attachedTraceContext(record), attributes }, () =>
        this.guarded(batch, route, () => this.apply(ctx, route, batch, reads), (reason) => (failure = reason), record));
      events.push(liveEventOutcome(record, route, batch.keysSince(mark), failure));
    }
    await this.commit(batch, events);
  }

  /** Forgets the Canvas state kept for a tenant (reconciliation reads it again: Live Events are best-effort). */
  forgetKnownState(tenant: string): void {
    this.ports.canvas.forgetTenant(tenant);
  }

  newBatch(tenant: string): DecisionBatch {
    return new DecisionBatch(tenant, this.ports.clock().toISOString());
  }

  /**
   * Records the outcomes (grades', then each event's one outcome), then publishes the writes (so the writer's `sent`
   * always comes after `waiting`).
   */
  async commit(batch: DecisionBatch, events: EventOutcomeRecord[] = []): Promise<void> {
    await this.ports.repo.recordOutcomes(batch.allOutcomes());
    await this.ports.events?.record(events);
    await this.ports.publish(batch.coalescedWrites());
    for (const e of events) pipelineMetrics.gradebookEvent(e.tenant, e.outcome);
  }

  async context(tenant: string): Promise<TenantGradebookContext> {
    try {
      return await this.ports.tenants.context(tenant);
    } catch (error) {
      if (isRetriable(error)) throw error;
      throw new PermanentError(`tenant ${tenant}: cannot pass grades back: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Runs one unit of work; a permanent failure becomes a `failed` outcome (told to `onFailure`), a retriable one
   * retries the batch, missing state a `waiting` outcome (and the event, when there is one, waits for the state: see
   * applyProvisioning).
   */
  async guarded(
    batch: DecisionBatch, route: LiveEventRoute, work: () => Promise<void>, onFailure?: (reason: string) => void, record?: LiveEventRecordFields,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof WaitForState) {
        batch.outcome({ ...error.outcome, status: 'waiting', reason: error.reason });
        if (record) this.waiting.park(record, error.waitKeys);
        return;
      }
      if (isRetriable(error)) throw new RetriableError(`tenant ${batch.tenant}: ${route.eventName}: ${(error as Error).message}`, { cause: error });
      onFailure?.((error as Error).message);
      const ids = 'assignmentId' in route ? route.assignmentId : '';
      const user = 'canvasUserId' in route ? route.canvasUserId : '';
      batch.outcome({
        outcomeKey: `canvas:${route.kind}|${'courseId' in route ? route.courseId : ''}|${ids}|${user}`,
        kind: route.kind === 'course-grade' ? 'courseGrade' : route.kind === 'result' ? 'result' : 'lineItem',
        status: 'failed', reason: (error as Error).message,
        canvasCourseId: 'courseId' in route ? route.courseId : null, canvasAssignmentId: ids || null, canvasUserId: user || null,
        canvasEventTime: 'eventTime' in route ? route.eventTime : null,
      });
    }
  }

  private async apply(ctx: TenantGradebookContext, route: LiveEventRoute, batch: DecisionBatch, reads: BatchReads): Promise<void> {
    if (route.kind === 'ignored' || route.kind === 'unknown' || route.kind === 'invalid') return;
    // An LTI tool's grade names no course: the assignment's course is found from the student's courses.
    const courseId = route.courseId ?? (route.kind === 'result' ? await this.assignmentCourses.courseOf(ctx, route.assignmentId, route.canvasUserId) : null);
    if (!courseId) throw new Error(`${route.eventName} names no Canvas course, so its class cannot be found`);
    if (route.kind === 'line-item') {
      // The event says the assignment changed: read it again (and keep it for the grades that follow).
      await this.processAssignment(ctx, courseId, await this.ports.canvas.assignment(ctx, courseId, route.assignmentId, true), route.eventTime, batch);
    } else if (route.kind === 'line-items-of-group') {
      this.ports.canvas.forgetGroups(ctx.tenant, courseId);
      for (const a of await this.ports.canvas.assignmentsOfGroup(ctx, courseId, route.assignmentGroupId)) {
        await this.processAssignment(ctx, courseId, a, route.eventTime, batch);
      }
    } else if (route.kind === 'result') {
      const submission = await reads.submission(ctx, courseId, route.assignmentId, route.canvasUserId);
      await this.processSubmission(ctx, courseId, route.assignmentId, route.canvasUserId, route.eventTime, batch, submission, reads);
    } else {
      await this.processCourseGrade(ctx, courseId, route, batch);
    }
  }

  /** An assignment's lineItem in each class; a lineItem sent for the first time also sends the grades it already has. */
  async processAssignment(ctx: TenantGradebookContext, courseId: string, assignment: CanvasAssignment, eventTime: string, batch: DecisionBatch): Promise<void> {
    const { course, snapshot } = await this.assignmentSnapshot(ctx, courseId, assignment);
    for (const binding of this.bindings(ctx, snapshot)) {
      const { decision, existed } = await this.decideLineItemFor(ctx, snapshot, binding);
      batch.lineItem(decision, refsOf(courseId, snapshot.id, null), eventTime, binding?.classSourcedId ?? null);
      if (decision.kind !== 'upsert' || existed) continue;
      for (const sub of await this.ports.canvas.submissionsOf(ctx, courseId, snapshot.id)) {
        if (sub.score === null && sub.excused !== true) continue;
        await this.resultFor(ctx, course, snapshot, binding, decision, sub, eventTime, batch);
      }
    }
  }

  /** One student's grade on one assignment (a Live Event, a reconciliation hit or a held grade re-checked). */
  async processSubmission(
    ctx: TenantGradebookContext, courseId: string, assignmentId: string, canvasUserId: string, eventTime: string,
    batch: DecisionBatch, prefetched?: CanvasSubmission, reads?: BatchReads,
  ): Promise<void> {
    const assignment = await this.ports.canvas.assignment(ctx, courseId, assignmentId);
    const { course, snapshot } = await this.assignmentSnapshot(ctx, courseId, assignment);
    const submission = prefetched ?? (await this.ports.canvas.submission(ctx, courseId, assignmentId, canvasUserId));
    for (const binding of this.bindings(ctx, snapshot)) {
      const { decision } = await this.decideLineItemFor(ctx, snapshot, binding, reads);
      if (decision.kind === 'upsert') batch.lineItem(decision, refsOf(courseId, snapshot.id, null), eventTime, binding?.classSourcedId ?? null);
      await this.resultFor(ctx, course, snapshot, binding, decision, submission, eventTime, batch);
    }
  }

  private async resultFor(
    ctx: TenantGradebookContext, course: CourseFacts, snapshot: AssignmentSnapshot, binding: ClassBinding | null,
    decision: LineItemDecision, submission: CanvasSubmission, eventTime: string, batch: DecisionBatch,
  ): Promise<void> {
    const canvasUserId = String(submission.user_id);
    const student = await this.students.stateIn(ctx, course, binding, canvasUserId);
    const lineItemId = decision.kind === 'upsert' ? decision.lineItem.sourcedId : decision.lineItemSourcedId;
    // Only a grade that would be written waits (a refused lineItem's grade is skipped for that reason anyway).
    if (student.state === null && binding && decision.kind === 'upsert') {
      throw waitingForEnrollment(binding, course.sisCourseId, student.userSisId, canvasUserId, {
        ...refsOf(course.id, snapshot.id, canvasUserId), kind: 'result', classSourcedId: binding.classSourcedId, studentSourcedId: student.userSisId,
        lineItemSourcedId: lineItemId, outcomeKey: student.userSisId ? resultSourcedId(lineItemId, student.userSisId) : `canvas:${snapshot.id}|${canvasUserId}`,
        resultSourcedId: student.userSisId ? resultSourcedId(lineItemId, student.userSisId) : null, canvasEventTime: eventTime,
      });
    }
    const result = decideResult({
      submission: toSubmissionSnapshot(submission, student.userSisId, eventTime), enrollmentState: student.state, lineItem: decision,
      gradingType: snapshot.gradingType, settings: ctx.settings, now: this.ports.clock().toISOString(),
    });
    const lineItemSourcedId = decision.kind === 'upsert' ? decision.lineItem.sourcedId : decision.lineItemSourcedId;
    batch.result(result, refsOf(course.id, snapshot.id, canvasUserId), {
      classSourcedId: binding?.classSourcedId ?? null,
      studentSourcedId: student.userSisId,
      lineItemSourcedId,
      fallbackKey: student.userSisId ? resultSourcedId(lineItemSourcedId, student.userSisId) : `canvas:${snapshot.id}|${canvasUserId}`,
    });
  }

  private async processCourseGrade(ctx: TenantGradebookContext, courseId: string, route: Extract<LiveEventRoute, { kind: 'course-grade' }>, batch: DecisionBatch): Promise<void> {
    const course = await this.ports.canvas.course(ctx, courseId);
    const enrollments = await this.ports.canvas.studentEnrollments(ctx, courseId);
    const own = enrollments.filter((e) => e.canvasUserId === route.canvasUserId);
    const sectionSis = own.map((e) => course.sections.find((s) => s.id === e.sectionId)?.sisSectionId).find((id) => !!id) ?? null;
    const classId = ctx.settings.classSource === 'course' ? course.sisCourseId : sectionSis;
    const binding: ClassBinding | null = classId ? { classSourcedId: classId, via: ctx.settings.classSource } : null;
    const student = this.students.known(ctx.tenant, binding, route.canvasUserId) ?? enrollmentStateIn(enrollments, route.canvasUserId, binding, course);
    const refs = refsOf(courseId, null, route.canvasUserId);
    const outcomeKey = `canvas:course-grade|${courseId}|${route.canvasUserId}`;
    if (student.state === null && binding && ctx.settings.sendCourseGrades) {
      throw waitingForEnrollment(binding, course.sisCourseId, student.userSisId, route.canvasUserId, {
        ...refs, outcomeKey, kind: 'courseGrade', classSourcedId: binding.classSourcedId, studentSourcedId: student.userSisId, canvasEventTime: route.eventTime,
      });
    }
    // course_grade_change does not say whether an override replaces its total (the kept overrides do; a grade_override
    // event re-reads them); grade_override does not carry the total.
    const isOverride = route.overrideScore !== undefined;
    const facts = await this.ports.canvas.courseGrades(ctx, courseId, route.canvasUserId, isOverride);
    const overrideScore = isOverride ? route.overrideScore ?? null : facts?.overrideScore ?? null;
    const decision = decideCourseGrade({
      tenant: ctx.tenant, binding, enrollmentState: student.state, settings: ctx.settings, now: this.ports.clock().toISOString(),
      classContext: binding ? await this.ports.ic.classContext(ctx, binding.classSourcedId) : null,
      grade: {
        courseId, canvasUserId: route.canvasUserId, userSisId: student.userSisId, canvasEventTime: route.eventTime,
        currentScore: isOverride ? facts?.currentScore ?? null : route.currentScore,
        finalScore: isOverride ? facts?.finalScore ?? null : route.finalScore,
        overrideScore, overrideGrade: overrideScore !== null && facts?.overrideScore === overrideScore ? facts.overrideGrade : null,
      },
    });
    if (decision.kind === 'upsert') return batch.courseGrade(decision.lineItem, decision.result, refs, route.eventTime);
    batch.outcome({
      ...refs, outcomeKey, kind: 'courseGrade', status: 'skipped', reason: decision.reason,
      classSourcedId: binding?.classSourcedId ?? null, studentSourcedId: student.userSisId, canvasEventTime: route.eventTime,
    });
  }

  private async assignmentSnapshot(ctx: TenantGradebookContext, courseId: string, assignment: CanvasAssignment) {
    const course = await this.ports.canvas.course(ctx, courseId);
    const group = await this.ports.canvas.groupName(ctx, courseId, assignment.assignment_group_id);
    return { course, snapshot: toAssignmentSnapshot(assignment, course, group) };
  }

  /** The classes of an assignment; `[null]` when it has none, so the refusal ("not SIS-bound") is recorded. */
  private bindings(ctx: TenantGradebookContext, snapshot: AssignmentSnapshot): (ClassBinding | null)[] {
    const bindings = classBindingsOf(snapshot, ctx.settings.classSource);
    return bindings.length > 0 ? bindings : [null];
  }

  private async decideLineItemFor(ctx: TenantGradebookContext, snapshot: AssignmentSnapshot, binding: ClassBinding | null, reads?: BatchReads) {
    const classContext = binding ? await this.ports.ic.classContext(ctx, binding.classSourcedId) : null;
    const lineItemId = binding ? lineItemIdFor(ctx.tenant, snapshot.id, binding) : null;
    const written = () => this.ports.repo.lineItemWritten(ctx.tenant, lineItemId!);
    const existed = lineItemId ? await (reads ? reads.lineItemWritten(ctx.tenant, lineItemId, written) : written()) : false;
    const decision = decideLineItem({
      tenant: ctx.tenant, assignment: snapshot, binding, classContext, lineItemExists: existed, settings: ctx.settings, now: this.ports.clock().toISOString(),
    });
    return { decision, existed };
  }
}

function refsOf(canvasCourseId: string, canvasAssignmentId: string | null, canvasUserId: string | null): CanvasRefs {
  return { canvasCourseId, canvasAssignmentId, canvasUserId };
}
