import { join } from 'node:path';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, AppProcess, DistrictSetup, E2eEnv, JaegerQuery, type JaegerService, type JaegerSpan, Pipeline, startCanvas, startJaeger, waitFor,
} from '../support';
import { gradeThroughGateway } from './grade-through-gateway';

/**
 * Acceptance (issue 22): Jaeger started by the project's script receives every app's spans, and its query API
 * (what its UI shows) holds one trace per sync run — root span with the run id and tenant, then IC pages,
 * transformer batches and SIS imports in that order — and one trace per grade, from the events-gateway to the IC write.
 */
describe('tracing into Jaeger started by scripts/services.sh', () => {
  const env = new E2eEnv('jaeger');
  const TENANT = 'acme';
  let jaeger: JaegerService;
  let query: JaegerQuery;
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  let otelEnv: Record<string, string>;
  const apps: AppProcess[] = [];

  const parentOf = (trace: JaegerSpan[], span: JaegerSpan) => trace.find((s) => s.spanId === span.parentSpanId);
  const ancestors = (trace: JaegerSpan[], span: JaegerSpan): JaegerSpan[] => {
    const chain: JaegerSpan[] = [];
    for (let p = parentOf(trace, span); p; p = parentOf(trace, p)) chain.push(p);
    return chain;
  };
  const named = (trace: JaegerSpan[]) => JSON.stringify([...new Set(trace.map((s) => `${s.service}:${s.name}`))]);

  beforeAll(async () => {
    // The first use builds Jaeger from source (CI starts that build in the background at its beginning): up to 30 min.
    jaeger = await startJaeger(join(env.logDir, 'jaeger'));
    query = new JaegerQuery(jaeger.uiUrl);
    otelEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: '200' };
    canvas = await startCanvas(env, [TENANT]);
    acme = await addDistrict(env, canvas, { tenant: TENANT, seed: 5, size: 'tiny' });
    await (await env.tenants()).update(TENANT, { canvas: { liveEventsJwksUrl: canvas.jwksUrl } });
    pipeline = await Pipeline.start(env, otelEnv);
  }, 1_900_000);

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await pipeline?.stop();
    await jaeger?.stop();
    await env.cleanup();
  }, 120_000);

  it("holds one trace per sync run: the run's root, its IC pages, transformer batches and SIS imports in order", async () => {
    const runId = await pipeline.requestSync(TENANT, 'full');
    expect((await pipeline.waitForRun(TENANT, runId)).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);

    let seen = '(nothing yet)';
    const trace = await waitFor(`the trace of run ${runId} in Jaeger with its SIS import`, async () => {
      const traces = await query.traces('extractor', { 'rp.sync_run': runId });
      seen = traces.map(named).join(' | ') || '(no trace)';
      return traces.find((t) => t.some((s) => s.service === 'loader' && s.name === 'loader sis-import')) ?? false;
    }, { timeoutMs: 60_000, describe: () => `Jaeger has: ${seen}` });

    const roots = trace.filter((s) => !s.parentSpanId);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ service: 'extractor', name: 'extractor sync-run', tags: expect.objectContaining({ 'rp.sync_run': runId, 'rp.tenant': TENANT }) });
    const importSpan = trace.find((s) => s.name === 'loader sis-import')!;
    const [batch, page, run] = ancestors(trace, importSpan);
    expect([batch, page, run].map((s) => `${s.service}:${s.name}`)).toEqual(['transformer:transformer batch', `extractor:${page.name}`, 'extractor:extractor sync-run']);
    expect(page.name).toMatch(/^extractor page /);
    // In order: the run reads a page before the transformer's batch starts, which starts before the import.
    expect(run.startTime).toBeLessThanOrEqual(page.startTime);
    expect(page.startTime).toBeLessThan(batch.startTime);
    expect(batch.startTime).toBeLessThan(importSpan.startTime);
    expect(importSpan.tags['canvas.sis_import_id']).toEqual(expect.any(Number));
    // One span per batch, not one per record: the tiny district's hundreds of records make a handful of batches.
    const batches = trace.filter((s) => s.name === 'transformer batch');
    const records = batches.reduce((n, s) => n + Number(s.tags['rp.records']), 0);
    expect(records).toBeGreaterThan(100);
    expect(batches.length).toBeLessThan(records / 10);
  }, 600_000);

  it('holds one trace per grade, from the events-gateway request to the IC write', async () => {
    const { resultId } = await gradeThroughGateway({
      env, canvas, district: acme, tenant: TENANT, appEnv: otelEnv, apps, assignment: { name: 'Traced in Jaeger', pointsPossible: 10, score: 9 },
    });
    await waitFor('the result in IC', () => acme.ic.admin.gradebookWrites().some((w) => w.sourcedId === resultId && w.method === 'PUT' && w.status < 300),
      { timeoutMs: 60_000, describe: () => apps.map((a) => a.tail(15)).join('\n') });

    let seen = '(nothing yet)';
    const isPut = (s: JaegerSpan) => String(s.tags['http.request.method'] ?? s.tags['http.method']) === 'PUT';
    const trace = await waitFor(`the trace of result ${resultId} in Jaeger`, async () => {
      const traces = await query.traces('gradebook-writer', { 'oneroster.sourced_id': resultId });
      seen = traces.map(named).join(' | ') || '(no trace)';
      return traces.find((t) => t.some((s) => s.service === 'gradebook-writer' && t.some((c) => c.parentSpanId === s.spanId && isPut(c)))) ?? false;
    }, { timeoutMs: 60_000, describe: () => `Jaeger has: ${seen}` });

    const write = trace.find((s) => s.name === 'gradebook-writer upsert result')!;
    const put = trace.find((s) => s.parentSpanId === write.spanId && isPut(s))!;
    expect(String(put.tags['url.full'] ?? put.tags['http.url'])).toContain(`/results/${resultId}`);
    const chain = ancestors(trace, write).map((s) => `${s.service}:${s.name}`);
    expect(chain.slice(0, 2)).toEqual(['gradebook:gradebook live-event', 'events-gateway:events-gateway live-event']);
    const root = ancestors(trace, write).at(-1)!;
    expect(root).toMatchObject({ service: 'events-gateway', parentSpanId: undefined });
    expect(trace.filter((s) => !s.parentSpanId)).toEqual([root]);
  }, 300_000);
});
