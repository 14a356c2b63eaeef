import { metrics, trace } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import type { MetricsHandler } from './health-server';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); traces and metrics are pushed there when set. */
  otlpEndpoint?: string;
  /** Defaults to the http, undici (fetch) and pg instrumentations only (see defaultInstrumentations). */
  instrumentations?: NodeSDKConfiguration['instrumentations'];
  /** Rewrites the path of incoming requests in server spans (a secret in a URL must not reach the trace store). */
  redactPath?: (path: string) => string;
  /**
   * Whether spans are recorded (sampled). Default: only when `otlpEndpoint` is set — with nowhere to send them, a
   * recorded span is CPU spent for nothing (ADR 0092). Tests that inspect spans without exporting them set it.
   */
  recordSpans?: boolean;
}

/** Span attributes that carry an incoming request's path (old and new HTTP semantic conventions). */
const PATH_ATTRIBUTES = ['http.target', 'http.url', 'url.path', 'url.full'];

/** The http instrumentation's request hook that applies `redactPath` to a server span's path attributes. */
export function pathRedactingHook(redactPath: (path: string) => string) {
  return (span: { setAttribute(key: string, value: string): unknown }, request: unknown): void => {
    const url = (request as { url?: unknown; method?: unknown; socket?: unknown }).url;
    if (typeof url !== 'string' || !(request as { socket?: unknown }).socket) return; // server side only
    const path = url.split('?')[0];
    const redacted = redactPath(path);
    if (redacted === path) return;
    const attributes = (span as { attributes?: Record<string, unknown> }).attributes ?? {};
    for (const key of PATH_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value === 'string' && value.includes(path)) span.setAttribute(key, value.replace(path, redacted));
    }
  };
}

export interface Telemetry {
  /** Prometheus text exposition, mounted at `/metrics` of the health server. */
  metricsHandler: MetricsHandler;
  shutdown(): Promise<void>;
}

/** Starts the OpenTelemetry NodeSDK: W3C propagation, OTLP export when configured, Prometheus metrics always. */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  // Loaded lazily: the SDK and instrumentations are heavy and unit tests of other code never need them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK, metrics: sdkMetrics, tracing } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const metricReaders: NonNullable<NodeSDKConfiguration['metricReaders']> = [prometheus];
  let traceExporter: NodeSDKConfiguration['traceExporter'] | undefined;

  if (options.otlpEndpoint) {
    const base = options.otlpEndpoint.replace(/\/+$/, '');
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
    const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http');
    traceExporter = new OTLPTraceExporter({ url: `${base}/v1/traces` });
    metricReaders.push(new sdkMetrics.PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }) }));
  }

  const instrumentations = options.instrumentations ?? defaultInstrumentations(options.redactPath);
  const recordSpans = options.recordSpans ?? traceExporter !== undefined;
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    // Without an endpoint spans are not exported; leaving both unset would make the SDK push to a default localhost
    // collector.
    ...(traceExporter ? { traceExporter } : { spanProcessors: [discardSpans] }),
    // Unrecorded spans still get ids (traceparent headers with the sampled flag off, trace ids in log lines), but no
    // attributes, events or span objects are kept: every platform span and every http/undici/pg span was ~3-9 % of
    // each app's CPU on the grade-passback path, all of it discarded. Metrics are unaffected.
    ...(recordSpans ? {} : { sampler: new tracing.AlwaysOffSampler() }),
    logRecordProcessors: [],
    metricReaders,
    instrumentations,
  });
  sdk.start();

  return {
    metricsHandler: (req, res) => prometheus.getMetricsRequestHandler(req, res),
    shutdown: async () => {
      await sdk.shutdown();
      metrics.disable();
      trace.disable(); // a later SDK in the process (tests start many) registers its own tracer provider and sampler
      // The SDK leaves its patches on http/undici/kafkajs/pg; undo them, or every later SDK in the process (tests
      // start many) stacks another layer and outgoing requests carry several traceparent headers.
      for (const instrumentation of (instrumentations ?? []).flat()) {
        (instrumentation as { disable?: () => void }).disable?.();
      }
    },
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

const discardSpans = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Only the instrumentations the platform's spans come from: `http` (incoming requests: the events gateway, health
 * servers), `undici` (outgoing `fetch`: Canvas, IC, the registry, webhooks — this is where HTTP client spans and the
 * `traceparent` header come from) and `pg`. Kafka spans are the platform's own (@rp/messaging: per-record headers,
 * batch spans with links); the kafkajs instrumentation is not loaded, because its producer patch overwrites every
 * message's `traceparent` with one span of the sender's active context. Loading only these three instead of the ~40
 * auto-instrumentations saves their module hooks and memory in every app (ADR 0180).
 */
export function defaultInstrumentations(
  redactPath?: (path: string) => string, env: NodeJS.ProcessEnv = process.env,
): NodeSDKConfiguration['instrumentations'] {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy: only running services need them */
  const build: Record<string, () => object> = {
    http: () => new (require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http')).HttpInstrumentation(
      redactPath ? { requestHook: pathRedactingHook(redactPath) } : {},
    ),
    undici: () => new (require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici')).UndiciInstrumentation(),
    pg: () => new (require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg')).PgInstrumentation(),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const disabled = disabledInstrumentations(env);
  return Object.entries(build).filter(([name]) => !disabled.has(name)).map(([, make]) => make()) as NodeSDKConfiguration['instrumentations'];
}

/**
 * `OTEL_NODE_DISABLED_INSTRUMENTATIONS` (comma-separated short names, as for the auto-instrumentations: `pg`, `http`,
 * `undici`) — e.g. `pg` leaves out a span per SQL query (ADR 0160).
 */
export function disabledInstrumentations(env: NodeJS.ProcessEnv): Set<string> {
  return new Set((env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((n) => n.trim()).filter(Boolean));
}
