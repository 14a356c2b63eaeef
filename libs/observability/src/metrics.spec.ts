import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { metrics as sdkMetrics } from '@opentelemetry/sdk-node';
import { parsePrometheusText, samplesOf, type PromScrape } from '@rp/testing';
import { MetricNames, pipelineMetrics } from './metrics';

/** What the exporter prints on `/metrics` after the helpers were called (a fresh provider per test). */
async function scrape(exporter: PrometheusExporter): Promise<PromScrape> {
  const { resourceMetrics } = await exporter.collect();
  return parsePrometheusText(new PrometheusSerializer().serialize(resourceMetrics));
}

describe('pipelineMetrics (the helm/README.md metrics contract)', () => {
  let exporter: PrometheusExporter;

  beforeEach(() => {
    exporter = new PrometheusExporter({ preventServerStart: true });
    metrics.setGlobalMeterProvider(new sdkMetrics.MeterProvider({ readers: [exporter] }));
  });

  afterEach(async () => {
    await exporter.shutdown();
    metrics.disable();
  });

  it('prints every contract metric under its contract name, type and labels', async () => {
    pipelineMetrics.recordsIn('acme', 'transformer', 'oneroster.users', 3);
    pipelineMetrics.recordsOut('acme', 'transformer', 'canvas.users', 2);
    pipelineMetrics.recordsDeadLettered('acme', 'extractor', 'oneroster.users', 'invalid-record');
    pipelineMetrics.observeConsumerLag(() => [{ stage: 'loader', topic: 'canvas.users', partition: 4, lag: 17 }]);
    pipelineMetrics.syncRunEnded('acme', 'full', 'finished', 42);
    pipelineMetrics.sisImportEnded('acme', 7.5);
    pipelineMetrics.setHeldPlans({ acme: 2 });
    pipelineMetrics.canvasRateLimitRemaining('acme', 612.5);
    pipelineMetrics.icError('acme', 'retriable', 503);
    pipelineMetrics.gradebookWrite('acme', 'written');
    pipelineMetrics.gradebookEvent('acme', 'ignored');
    pipelineMetrics.observeStalls(() => [{ stage: 'gradebook-writer', tenant: 'acme', cause: 'ic', seconds: 75 }]);
    pipelineMetrics.setStaleParkedEntities({ acme: 4 });

    const page = await scrape(exporter);
    const contract: [string, string, Record<string, string>, number][] = [
      ['rp_records_in_total', 'counter', { tenant: 'acme', stage: 'transformer', topic: 'oneroster.users' }, 3],
      ['rp_records_out_total', 'counter', { tenant: 'acme', stage: 'transformer', topic: 'canvas.users' }, 2],
      ['rp_records_dlq_total', 'counter', { tenant: 'acme', stage: 'extractor', topic: 'oneroster.users', reason: 'invalid-record' }, 1],
      ['rp_consumer_lag', 'gauge', { stage: 'loader', topic: 'canvas.users', partition: '4' }, 17],
      ['rp_sync_runs_total', 'counter', { tenant: 'acme', kind: 'full', outcome: 'finished' }, 1],
      ['rp_held_plans', 'gauge', { tenant: 'acme' }, 2],
      ['rp_canvas_rate_limit_remaining', 'gauge', { tenant: 'acme' }, 612.5],
      ['rp_ic_errors_total', 'counter', { tenant: 'acme', kind: 'retriable', status: '503' }, 1],
      ['rp_gradebook_writes_total', 'counter', { tenant: 'acme', outcome: 'written' }, 1],
      ['rp_gradebook_events_total', 'counter', { tenant: 'acme', outcome: 'ignored' }, 1],
      ['rp_stalled_seconds', 'gauge', { stage: 'gradebook-writer', tenant: 'acme', cause: 'ic' }, 75],
      ['rp_transformer_parked_stale', 'gauge', { tenant: 'acme' }, 4],
    ];
    for (const [name, type, labels, value] of contract) {
      expect({ name, type: page.types.get(name) }).toEqual({ name, type });
      const [sample, ...more] = samplesOf(page, name, labels);
      expect({ name, value: sample?.value, more: more.length }).toEqual({ name, value, more: 0 });
      // Exactly the contract labels (plus the exporter's scope label), nothing else.
      expect(Object.keys(sample.labels).filter((l) => l !== 'otel_scope_name').sort()).toEqual(Object.keys(labels).sort());
    }
    for (const [name, labels, sum] of [
      ['rp_sync_run_duration_seconds', { tenant: 'acme', kind: 'full' }, 42],
      ['rp_sis_import_duration_seconds', { tenant: 'acme' }, 7.5],
    ] as const) {
      expect(page.types.get(name)).toBe('histogram');
      expect(samplesOf(page, `${name}_count`, labels).map((s) => s.value)).toEqual([1]);
      expect(samplesOf(page, `${name}_sum`, labels).map((s) => s.value)).toEqual([sum]);
      // Buckets in seconds: the 42 s run is under le=60 and not under le=30.
      const bucket = (le: string) => samplesOf(page, `${name}_bucket`, { ...labels, le })[0]?.value;
      if (sum === 42) expect([bucket('30'), bucket('60')]).toEqual([0, 1]);
    }
    const contractNames = Object.values(MetricNames).filter((n) => n !== MetricNames.handlerRetries && n !== MetricNames.gatewayEvents && n !== MetricNames.parkedEntities && n !== MetricNames.notifications);
    expect(contractNames.filter((n) => !page.types.has(n))).toEqual([]);
  });

  it('counts notifier deliveries per tenant, kind and outcome', async () => {
    pipelineMetrics.notificationDelivery('acme', 'plan-held', 'retried');
    pipelineMetrics.notificationDelivery('acme', 'plan-held', 'sent');
    pipelineMetrics.notificationDelivery('acme', 'plan-held', 'sent');
    const page = await scrape(exporter);
    expect(page.types.get('rp_notifications_total')).toBe('counter');
    expect(samplesOf(page, 'rp_notifications_total', { tenant: 'acme', kind: 'plan-held', outcome: 'sent' }).map((s) => s.value)).toEqual([2]);
    expect(samplesOf(page, 'rp_notifications_total', { tenant: 'acme', kind: 'plan-held', outcome: 'retried' }).map((s) => s.value)).toEqual([1]);
  });

  it('keeps a tenant whose held plans were all decided at 0, so the release shows', async () => {
    pipelineMetrics.setHeldPlans({ acme: 1, beta: 3 });
    pipelineMetrics.setHeldPlans({ beta: 1 });
    const page = await scrape(exporter);
    expect(Object.fromEntries(samplesOf(page, 'rp_held_plans').map((s) => [s.labels.tenant, s.value]))).toEqual({ acme: 0, beta: 1 });
  });

  it('labels a record without a tenant as unknown and an IC failure without a response as status none', async () => {
    pipelineMetrics.recordsIn(undefined, 'gradebook', 'canvas.live-events');
    pipelineMetrics.icError('acme', 'retriable', undefined);
    const page = await scrape(exporter);
    expect(samplesOf(page, 'rp_records_in_total', { tenant: 'unknown' })).toHaveLength(1);
    expect(samplesOf(page, 'rp_ic_errors_total', { status: 'none' })).toHaveLength(1);
  });

  it('follows a meter provider started after the first use (telemetry restarted in one process)', async () => {
    pipelineMetrics.gradebookWrite('acme', 'written');
    pipelineMetrics.gradebookEvent('acme', 'ignored');
    const stopObserving = pipelineMetrics.observeConsumerLag(() => [{ stage: 'transformer', topic: 't', partition: 0, lag: 5 }]);
    await exporter.shutdown();
    metrics.disable();
    exporter = new PrometheusExporter({ preventServerStart: true });
    metrics.setGlobalMeterProvider(new sdkMetrics.MeterProvider({ readers: [exporter] }));
    pipelineMetrics.gradebookWrite('acme', 'refused');
    const page = await scrape(exporter);
    expect(samplesOf(page, 'rp_gradebook_writes_total').map((s) => s.labels.outcome)).toEqual(['refused']);
    expect(samplesOf(page, 'rp_consumer_lag', { topic: 't' }).map((s) => s.value)).toEqual([5]);
    stopObserving();
  });
});
