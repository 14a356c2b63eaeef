import {
  metrics,
  type Attributes,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  type MeterProvider,
  type ObservableGauge,
} from '@opentelemetry/api';

/**
 * The platform's metrics contract (helm/README.md, "Metrics"; the Grafana dashboard queries exactly these).
 * Keys are the names Prometheus prints on `/metrics`; counters are created without `_total`, which the exporter
 * appends (OpenTelemetry convention), so the printed name is the contract name either way.
 */
export const MetricNames = {
  recordsIn: 'rp_records_in_total',
  recordsOut: 'rp_records_out_total',
  recordsDeadLettered: 'rp_records_dlq_total',
  consumerLag: 'rp_consumer_lag',
  syncRunDuration: 'rp_sync_run_duration_seconds',
  syncRuns: 'rp_sync_runs_total',
  sisImportDuration: 'rp_sis_import_duration_seconds',
  heldPlans: 'rp_held_plans',
  canvasRateLimitRemaining: 'rp_canvas_rate_limit_remaining',
  icErrors: 'rp_ic_errors_total',
  gradebookWrites: 'rp_gradebook_writes_total',
  gradebookEvents: 'rp_gradebook_events_total',
  stalledSeconds: 'rp_stalled_seconds',
  // Beyond the dashboard contract (listed in helm/README.md as additional metrics).
  handlerRetries: 'rp_handler_retries_total',
  gatewayEvents: 'rp_gateway_events_total',
  notifications: 'rp_notifications_total',
  parkedEntities: 'rp_transformer_parked',
  staleParkedEntities: 'rp_transformer_parked_stale',
} as const;

export type MetricKey = keyof typeof MetricNames;

/** Pipeline stage label: the app's SERVICE_NAME (extractor, transformer, loader, events-gateway, gradebook, gradebook-writer). */
export type Stage = string;
export type SyncRunOutcome = 'finished' | 'failed';
export type IcErrorKind = 'retriable' | 'permanent';
/** What became of one lineItem/result write to IC. */
export type GradebookWriteOutcome = 'written' | 'deleted' | 'unchanged' | 'refused' | 'retried' | 'waiting' | 'skipped';
/** What the gradebook processor made of one Live Event: settled (ignored, refused, failed) or decided into writes. */
export type GradebookEventOutcome = 'ignored' | 'refused' | 'failed' | 'decided';

/** One partition's lag as a consumer knows it. */
export interface PartitionLag {
  stage: Stage;
  topic: string;
  partition: number;
  lag: number;
}

/** Work of one tenant waiting for a dependency (a consumer retrying a retriable failure). */
export interface StalledWork {
  stage: Stage;
  tenant: string;
  /** The dependency waited for: kafka, schema-registry, database, canvas, ic, network, other. */
  cause: string;
  seconds: number;
}

const METER = '@rp/pipeline';
/** Seconds: a tiny delta takes seconds, a big district's full run hours; SIS imports seconds to tens of minutes. */
const DURATION_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400];

const promName = (key: MetricKey) => MetricNames[key].replace(/_total$/, '');

interface Instruments {
  provider: MeterProvider;
  recordsIn: Counter;
  recordsOut: Counter;
  recordsDeadLettered: Counter;
  handlerRetries: Counter;
  syncRunDuration: Histogram;
  syncRuns: Counter;
  sisImportDuration: Histogram;
  canvasRateLimitRemaining: Gauge;
  icErrors: Counter;
  gradebookWrites: Counter;
  gradebookEvents: Counter;
  gatewayEvents: Counter;
  notifications: Counter;
  observables: ObservableGauge[];
}

const tenantLabel = (tenant: string | null | undefined) => tenant || 'unknown';

/**
 * Every instrument of the contract, created once per meter provider: telemetry starts after some modules load and
 * tests start several SDKs in one process, so instruments follow the current global provider instead of binding to
 * whichever (possibly no-op) provider existed at import time.
 */
class PipelineMetrics {
  private current?: Instruments;
  private readonly lagSources = new Set<() => Iterable<PartitionLag>>();
  private readonly stallSources = new Set<() => Iterable<StalledWork>>();
  private readonly tenantCounts = { heldPlans: new Map<string, number>(), parkedEntities: new Map<string, number>(), staleParkedEntities: new Map<string, number>() };

  /** Records consumed by a stage (applied or dead-lettered), per input topic. */
  recordsIn(tenant: string | undefined, stage: Stage, topic: string, n = 1): void {
    if (n > 0) this.instruments().recordsIn.add(n, { tenant: tenantLabel(tenant), stage, topic });
  }

  /** Records a stage produced to a topic (acknowledged by the brokers). */
  recordsOut(tenant: string | undefined, stage: Stage, topic: string, n = 1): void {
    if (n > 0) this.instruments().recordsOut.add(n, { tenant: tenantLabel(tenant), stage, topic });
  }

  /** Records sent to `<topic>.dlq`; `reason` is a class (`invalid-record`, `permanent`, `retriable`, `unknown`), never free text. */
  recordsDeadLettered(tenant: string | undefined, stage: Stage, topic: string, reason: string, n = 1): void {
    if (n > 0) this.instruments().recordsDeadLettered.add(n, { tenant: tenantLabel(tenant), stage, topic, reason });
  }

  /** A consumer's handler call failed and is tried again. */
  handlerRetried(stage: Stage, topic: string): void {
    this.instruments().handlerRetries.add(1, { stage, topic });
  }

  /** An extractor run ended: its outcome and, when it ran at all, its duration. */
  syncRunEnded(tenant: string, kind: string, outcome: SyncRunOutcome, seconds?: number): void {
    const i = this.instruments();
    if (seconds !== undefined) i.syncRunDuration.record(seconds, { tenant, kind });
    i.syncRuns.add(1, { tenant, kind, outcome });
  }

  /** A loader SIS import reached a terminal state, `seconds` after it was posted. */
  sisImportEnded(tenant: string, seconds: number): void {
    this.instruments().sisImportDuration.record(seconds, { tenant });
  }

  /** The last `X-Rate-Limit-Remaining` Canvas answered for a tenant. */
  canvasRateLimitRemaining(tenant: string | undefined, remaining: number): void {
    this.instruments().canvasRateLimitRemaining.record(remaining, { tenant: tenantLabel(tenant) });
  }

  /** A failed Infinite Campus request (each failed attempt, retried or not); status is the HTTP status or `none`. */
  icError(tenant: string, kind: IcErrorKind, status: number | undefined): void {
    this.instruments().icErrors.add(1, { tenant, kind, status: status === undefined ? 'none' : String(status) });
  }

  /** One lineItem/result write of the gradebook writer. */
  gradebookWrite(tenant: string, outcome: GradebookWriteOutcome): void {
    this.instruments().gradebookWrites.add(1, { tenant, outcome });
  }

  /** A Live Event the gradebook processor consumed, by what it made of it (one count per event). */
  gradebookEvent(tenant: string, outcome: GradebookEventOutcome, count = 1): void {
    this.instruments().gradebookEvents.add(count, { tenant, outcome });
  }

  /** A Live Event the gateway received, by outcome (accepted, forged, ...). */
  gatewayEvent(tenant: string | undefined, outcome: string): void {
    this.instruments().gatewayEvents.add(1, { tenant: tenantLabel(tenant), outcome });
  }

  /** One webhook delivery attempt of the notifier, by kind and outcome (`sent`, `retried`, `given-up`). */
  notificationDelivery(tenant: string, kind: string, outcome: 'sent' | 'retried' | 'given-up'): void {
    this.instruments().notifications.add(1, { tenant, kind, outcome });
  }

  /** Adds a source of partition lags (a consumer); returns the function that removes it. */
  observeConsumerLag(source: () => Iterable<PartitionLag>): () => void {
    this.instruments();
    this.lagSources.add(source);
    return () => this.lagSources.delete(source);
  }

  /** Adds a source of stalls (a consumer's retrying keys) for `rp_stalled_seconds`; returns the function that removes it. */
  observeStalls(source: () => Iterable<StalledWork>): () => void {
    this.instruments();
    this.stallSources.add(source);
    return () => this.stallSources.delete(source);
  }

  /** Current held plans per tenant; a tenant that had some stays at 0 so the series shows the release. */
  setHeldPlans(counts: Record<string, number>): void {
    this.setTenantCounts('heldPlans', counts);
  }

  /** Current parked (waiting) entities per tenant in the transformer. */
  setParkedEntities(counts: Record<string, number>): void {
    this.setTenantCounts('parkedEntities', counts);
  }

  /** Entities parked (waiting) for longer than their tenant's `parking.flagAfterHours`, per tenant. */
  setStaleParkedEntities(counts: Record<string, number>): void {
    this.setTenantCounts('staleParkedEntities', counts);
  }

  private setTenantCounts(which: keyof PipelineMetrics['tenantCounts'], counts: Record<string, number>): void {
    this.instruments();
    const map = this.tenantCounts[which];
    for (const tenant of map.keys()) map.set(tenant, 0);
    for (const [tenant, count] of Object.entries(counts)) map.set(tenant, count);
  }

  private instruments(): Instruments {
    const provider = metrics.getMeterProvider();
    if (this.current?.provider !== provider) this.current = this.create(provider);
    return this.current;
  }

  private create(provider: MeterProvider): Instruments {
    const meter = provider.getMeter(METER);
    const counter = (key: MetricKey, description: string) => meter.createCounter(promName(key), { description });
    const seconds = (key: MetricKey, description: string) =>
      meter.createHistogram(promName(key), { description, unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
    return {
      provider,
      recordsIn: counter('recordsIn', 'Records consumed, per tenant, stage and topic'),
      recordsOut: counter('recordsOut', 'Records produced, per tenant, stage and topic'),
      recordsDeadLettered: counter('recordsDeadLettered', 'Records dead-lettered, per tenant, stage, topic and reason'),
      handlerRetries: counter('handlerRetries', 'Consumer handler calls tried again'),
      syncRunDuration: seconds('syncRunDuration', 'Extractor sync run duration, start to finished/failed'),
      syncRuns: counter('syncRuns', 'Extractor sync runs ended, per tenant, kind and outcome'),
      sisImportDuration: seconds('sisImportDuration', 'Loader SIS import duration, post to terminal state'),
      canvasRateLimitRemaining: meter.createGauge(promName('canvasRateLimitRemaining'), { description: 'Last X-Rate-Limit-Remaining seen from Canvas' }),
      icErrors: counter('icErrors', 'Failed Infinite Campus requests, per tenant, kind and HTTP status'),
      gradebookWrites: counter('gradebookWrites', 'lineItem/result writes to IC, per tenant and outcome'),
      gradebookEvents: counter('gradebookEvents', 'Live Events the gradebook consumed, per tenant and what it made of them'),
      gatewayEvents: counter('gatewayEvents', 'Live Events received, by tenant and outcome'),
      notifications: counter('notifications', 'Webhook notification delivery attempts, by tenant, kind and outcome'),
      observables: [this.lagGauge(meter), this.tenantGauge(meter, 'heldPlans', 'Plans held by the safety gate awaiting an operator'),
        this.tenantGauge(meter, 'parkedEntities', 'OneRoster entities parked (waiting) per tenant'),
        this.tenantGauge(meter, 'staleParkedEntities', "OneRoster entities parked (waiting) longer than the tenant's parking.flagAfterHours"), this.stallGauge(meter)],
    };
  }

  private lagGauge(meter: Meter): ObservableGauge {
    const gauge = meter.createObservableGauge(promName('consumerLag'), { description: "Records behind the log end for the app's consumer group" });
    gauge.addCallback((result) => {
      for (const source of this.lagSources) {
        for (const p of source()) result.observe(p.lag, { stage: p.stage, topic: p.topic, partition: String(p.partition) } satisfies Attributes);
      }
    });
    return gauge;
  }

  private stallGauge(meter: Meter): ObservableGauge {
    const gauge = meter.createObservableGauge(promName('stalledSeconds'), { description: 'Seconds a tenant\'s work has been waiting for a dependency (0 once it recovered)', unit: 's' });
    gauge.addCallback((result) => {
      for (const source of this.stallSources) {
        for (const s of source()) result.observe(s.seconds, { stage: s.stage, tenant: s.tenant || 'unknown', cause: s.cause } satisfies Attributes);
      }
    });
    return gauge;
  }

  private tenantGauge(meter: Meter, which: keyof PipelineMetrics['tenantCounts'], description: string): ObservableGauge {
    const gauge = meter.createObservableGauge(promName(which), { description });
    gauge.addCallback((result) => {
      for (const [tenant, count] of this.tenantCounts[which]) result.observe(count, { tenant });
    });
    return gauge;
  }
}

/** The one place metric names and labels are spelled; apps and libs call these helpers. */
export const pipelineMetrics = new PipelineMetrics();
