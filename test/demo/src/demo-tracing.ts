import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { JaegerQuery, type JaegerSpan, REPO_ROOT, waitFor } from '@rp/e2e';

/**
 * Starts Jaeger with `scripts/services.sh jaeger-up` (built from source on the first run, in parallel with the rest
 * of the start-up) and adopts OTEL_EXPORTER_OTLP_ENDPOINT, so every app the demo starts exports its spans there.
 * Resolves to Jaeger's UI address, or undefined when tracing is off (no Go, failed build, DEMO_TRACING=off): the
 * script has then said why and how to enable it, and the demo runs on without it.
 */
export function startTracing(say: (line: string) => void): Promise<string | undefined> {
  if (process.env.DEMO_TRACING === 'off') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn('bash', [join(REPO_ROOT, 'scripts/services.sh'), 'jaeger-up'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      const printed = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      if (code !== 0 || !printed.OTEL_EXPORTER_OTLP_ENDPOINT || !printed.JAEGER_UI_URL) {
        say('Tracing is off for this demo (see the [jaeger] lines above); everything else runs.');
        resolve(undefined);
        return;
      }
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = printed.OTEL_EXPORTER_OTLP_ENDPOINT;
      resolve(printed.JAEGER_UI_URL);
    });
  });
}

/**
 * The Jaeger UI link of the trace with a span of `service` carrying `tags` (e.g. a sync run's id) that `accept`s,
 * once Jaeger has it (the apps export every second or so); undefined if it does not arrive within `timeoutMs`.
 */
export async function traceLink(
  uiUrl: string, service: string, tags: Record<string, string>, accept: (trace: JaegerSpan[]) => boolean = () => true, timeoutMs = 30_000,
): Promise<string | undefined> {
  const query = new JaegerQuery(uiUrl);
  try {
    const trace = await waitFor(`a ${service} trace with ${JSON.stringify(tags)}`, async () => (await query.traces(service, tags, 10)).find(accept) ?? false,
      { timeoutMs, intervalMs: 1000 });
    return query.traceUrl(trace[0].traceId);
  } catch {
    return undefined;
  }
}

/** A trace that wrote to Infinite Campus (a later Live Event about the same grade may find nothing left to write). */
export const wroteToIc = (trace: JaegerSpan[]): boolean => trace.some((s) => String(s.tags['http.request.method'] ?? s.tags['http.method']) === 'PUT');
