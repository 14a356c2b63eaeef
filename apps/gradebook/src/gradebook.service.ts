import { groupedStore } from '@rp/config';
import { type CanvasEntityChange, type CanvasLiveEventRecord, type ConsumedRecord, type GradebookWrite, type GradebookWriteOutcomes, gradebookWriteKey, Topics } from '@rp/messaging';
import { adminStore, GradebookEventLog, GradebookRepository, gradebookStore, TenantRepository } from '@rp/persistence';
import { consumerGroupOf, groupName, type ServiceRuntime } from '@rp/runtime';
import { attachedTraceContext, attachTraceContext } from '@rp/observability';
import { recordDeadLetteredEvent, recordDeadLetteredWrite } from './dead-lettered';
import { groupedProcessorStores, groupedWriterStores } from './grouped-stores';
import type { GradebookConfig } from './gradebook.config';
import { CanvasCourseReader } from './processor/canvas-course.reader';
import { ClassContextReader } from './processor/class-context.reader';
import { GradeProcessor } from './processor/grade.processor';
import { Reconciler } from './processor/reconciler';
import { rebuildRoster } from './processor/roster-rebuild';
import { processorOrderingKey } from './processor/consumer-ordering-key';
import type { TenantContexts } from './tenant/tenant-context';
import { StoredTenantContexts } from './tenant/tenant-contexts.repository';
import { GradebookWriter } from './writer/gradebook.writer';
import { refuseForeignWrites } from './writer/write-tenant.guard';

/** What a started gradebook role exposes (tests call `reconciler.reconcileAll()` directly). */
export interface GradebookRole {
  role: GradebookConfig['role'];
  repo: GradebookRepository;
  events: GradebookEventLog;
  processor?: GradeProcessor;
  reconciler?: Reconciler;
  writer?: GradebookWriter;
}

export interface GradebookOverrides {
  tenants?: TenantContexts;
  clock?: () => Date;
}

/**
 * Wires one role onto the runtime: the processor consumes `canvas.live-events` and the provisioning topics of its group
 * (`canvas.courses`, `canvas.sections`, `canvas.enrollments`: the roster it decides from, which also wakes the events
 * waiting for it) and reconciles on a timer; the writer consumes
 * `oneroster.gradebook-writes`. The processor first rebuilds its roster from those topics (up to their ends at start).
 * Consumers start when the runtime starts them.
 */
export async function startGradebookRole(runtime: ServiceRuntime<GradebookConfig>, overrides: GradebookOverrides = {}): Promise<GradebookRole> {
  const { config } = runtime;
  const clock = overrides.clock ?? (() => new Date());
  const store = await runtime.store(gradebookStore);
  const repo = new GradebookRepository(store, clock);
  const events = new GradebookEventLog(store, clock);
  const tenants = overrides.tenants ?? new StoredTenantContexts(new TenantRepository(await runtime.store(adminStore), config.secretsKey), config.writerConcurrency, config.cacheTtlMs, config.role);
  return config.role === 'writer' ? startWriter(runtime, repo, events, tenants) : await startProcessor(runtime, repo, events, tenants, clock);
}

async function startProcessor(
  runtime: ServiceRuntime<GradebookConfig>, repo: GradebookRepository, events: GradebookEventLog, tenants: TenantContexts, clock: () => Date,
): Promise<GradebookRole> {
  const { config, logger } = runtime;
  const writesTopic = runtime.topic(Topics.gradebookWrites);
  const publish = async (writes: GradebookWrite[]) => {
    await runtime.publisher.publish(writesTopic, writes.map((w) => ({
      key: gradebookWriteKey(w.tenant, w.sourcedId), value: w, tenant: w.tenant, op: w.op, traceContext: attachedTraceContext(w),
    })));
  };
  const processor = new GradeProcessor({
    tenants, clock, logger,
    ...groupedProcessorStores(repo, events, publish),
    canvas: new CanvasCourseReader(config.cacheTtlMs),
    ic: new ClassContextReader(config.cacheTtlMs),
    concurrency: config.processorConcurrency,
  });
  const liveEvents = runtime.topic(Topics.canvasLiveEvents);
  const group = consumerGroupOf('gradebook');
  // Before the consumers start (and /readyz): what the provisioning topics said before this process (ADR 0091).
  if (config.rebuildRosterAtStart) {
    await rebuildRoster(processor.roster, {
      kafka: runtime.kafka, decoder: runtime.serde, topic: (name) => runtime.topic(name), groupPrefix: groupName(runtime.naming, group.groupId), logger,
    });
  }
  runtime.consumer<CanvasLiveEventRecord | CanvasEntityChange>({
    groupId: group.groupId,
    topics: group.topics,
    orderingKeyOf: processorOrderingKey(liveEvents),
    // Slices are per course now, so the courses decided at once are the consumer's handler calls at once.
    keyConcurrency: Math.max(config.consumerKeyConcurrency, config.processorConcurrency),
    handler: async (records) => {
      const provisioning = records.filter((r) => r.topic !== liveEvents && r.value !== null).map((r) => r.value as CanvasEntityChange);
      const consumed = records.filter((r) => r.topic === liveEvents && r.value !== null).map((r) => attachTraceContext(r.value as CanvasLiveEventRecord, r.traceContext));
      await processor.handleConsumed(provisioning, consumed);
    },
    onDeadLettered: async (record, error) => {
      if (record.topic === liveEvents) await recordDeadLetteredEvent(events, record as ConsumedRecord<CanvasLiveEventRecord>, error);
    },
  });
  const reconciler = new Reconciler({ tenants, repo, processor, clock, logger, firstLookbackMs: config.reconcileLookbackMs });
  scheduleReconciliation(runtime, reconciler);
  return { role: 'processor', repo, events, processor, reconciler };
}

function startWriter(runtime: ServiceRuntime<GradebookConfig>, repo: GradebookRepository, events: GradebookEventLog, tenants: TenantContexts): GradebookRole {
  const outcomesTopic = runtime.topic(Topics.gradebookWriteOutcomes);
  const publishOutcomes = groupedStore(async (all: GradebookWriteOutcomes[]) => {
    await runtime.publisher.publish(outcomesTopic, all.map((o) => ({ key: o.tenant, value: o, tenant: o.tenant })));
  });
  const writer = new GradebookWriter({
    tenants, repo: groupedWriterStores(repo), concurrency: runtime.config.writerConcurrency, logger: runtime.logger,
    publishOutcomes: (o) => publishOutcomes([o]),
  });
  const group = consumerGroupOf('gradebook-writer');
  runtime.consumer<GradebookWrite>({
    groupId: group.groupId,
    topics: group.topics,
    handler: async (records) => {
      refuseForeignWrites(records); // a write naming two tenants is dead-lettered, never written
      const writes = records.filter((r) => r.value !== null).map((r) => attachTraceContext(r.value as GradebookWrite, r.traceContext));
      if (writes.length > 0) await writer.handle(writes);
    },
    onDeadLettered: (record, error) => recordDeadLetteredWrite(repo, record, error),
  });
  return { role: 'writer', repo, events, writer };
}

/** Runs reconciliation every interval, never two at once; stopped before the consumers at shutdown. */
function scheduleReconciliation(runtime: ServiceRuntime<GradebookConfig>, reconciler: Reconciler): void {
  const interval = runtime.config.reconcileIntervalMs;
  if (interval <= 0) return;
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= reconciler.reconcileAll().finally(() => (running = undefined));
  }, interval);
  timer.unref();
  runtime.onShutdown(async () => {
    clearInterval(timer);
    await running;
  });
}
