import type { CanvasSimulator } from '@rp/sim-canvas';
import { addDistrict, AppProcess, DistrictSetup, E2eEnv, importedRows, Pipeline, startCanvas, waitFor } from '../support';
import { gradeThroughGateway } from './grade-through-gateway';
import { OtlpReceiver, type ReceivedSpan, SPAN_KIND_CLIENT, SPAN_KIND_SERVER } from './otlp-receiver';

/**
 * Acceptance (distributed tracing): the apps run as processes exporting OTLP/HTTP to an in-process receiver. One
 * trace per sync run goes from its root span through the IC pages, the transformer batches and the loader's SIS
 * imports (one span each, linking what they served — ADR 0160); another follows a Live Event through events-gateway → gradebook processor → writer to the IC PUT.
 */
describe('distributed tracing end to end', () => {
  const env = new E2eEnv('tracing');
  const TENANT = 'acme';
  const receiver = new OtlpReceiver();
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  let otelEnv: Record<string, string>;
  const passbackApps: AppProcess[] = [];

  const urlOf = (s: ReceivedSpan) => String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '');
  const methodOf = (s: ReceivedSpan) => String(s.attributes['http.request.method'] ?? s.attributes['http.method'] ?? '');
  /** The span's ancestors within its trace, nearest first. */
  const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
    const chain: ReceivedSpan[] = [];
    for (let p = receiver.parentOf(span); p; p = receiver.parentOf(p)) chain.push(p);
    return chain;
  };
  const describeSpans = () => `${receiver.spans.length} spans received; problems: ${JSON.stringify(receiver.problems)}; ` +
    `names: ${JSON.stringify([...new Set(receiver.spans.map((s) => `${s.service}:${s.name}`))].slice(0, 60))}`;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    otelEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200' };
    canvas = await startCanvas(env, [TENANT]);
    acme = await addDistrict(env, canvas, { tenant: TENANT, seed: 5, size: 'tiny' });
    await (await env.tenants()).update(TENANT, { canvas: { liveEventsJwksUrl: canvas.jwksUrl } });
    pipeline = await Pipeline.start(env, otelEnv);
  }, 300_000);

  afterAll(async () => {
    for (const app of passbackApps) await app.kill('SIGTERM');
    await pipeline?.stop();
    await receiver.stop();
    await env.cleanup();
  }, 120_000);

  it('follows a record in one trace from the IC request through transformer and loader to its Canvas SIS import', async () => {
    expect((await pipeline.sync(TENANT, 'full')).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);

    const importSpan = await waitFor('a traced SIS import span from the loader', () =>
      receiver.spans.find((s) => s.service === 'loader' && s.name === 'loader sis-import' && receiver.parentOf(s)) ?? false,
    { timeoutMs: 30_000, describe: describeSpans });
    const [batch, page, run] = ancestors(importSpan);
    expect(batch).toMatchObject({ service: 'transformer', name: 'transformer batch', attributes: expect.objectContaining({ 'rp.tenant': TENANT }) });
    expect(page).toMatchObject({ service: 'extractor', name: expect.stringMatching(/^extractor page /) });
    expect(run).toMatchObject({ service: 'extractor', name: 'extractor sync-run', attributes: expect.objectContaining({ 'rp.tenant': TENANT }) });
    expect(run.parentSpanId).toBeUndefined(); // the run's span is its trace's root
    const runTrace = receiver.trace(importSpan.traceId);
    const services = new Set(runTrace.map((s) => s.service));
    expect([...services]).toEqual(expect.arrayContaining(['extractor', 'transformer', 'loader']));

    // Readable at scale: one span per transformer batch and per import, never one per record; a batch or import
    // that served records of several pages or batches links them.
    const records = Number(batch.attributes['rp.records']);
    const batches = runTrace.filter((s) => s.name === 'transformer batch');
    const recordsTransformed = batches.reduce((n, s) => n + Number(s.attributes['rp.records']), 0);
    expect(batches.length).toBeLessThan(recordsTransformed / 10);
    expect(records).toBeGreaterThan(0);
    const pages = runTrace.filter((s) => s.name.startsWith('extractor page '));
    const linked = new Set([...batches, ...runTrace.filter((s) => s.name === 'loader sis-import')].flatMap((s) => s.links.map((l) => l.spanId)));
    expect(pages.some((p) => linked.has(p.spanId)) || batches.some((b) => linked.has(b.spanId))).toBe(true);

    // The page span's child is the HTTP request to IC for that collection.
    const collection = String(page.attributes['oneroster.collection']);
    const icRequests = receiver.childrenOf(page).filter((s) => s.kind === SPAN_KIND_CLIENT);
    expect(icRequests.map(urlOf)).toEqual(expect.arrayContaining([expect.stringContaining(`/ims/oneroster/rostering/v1p2/${collection}`)]));

    // The import span names the Canvas import it posted (rows it assembled, less any a check rejected), and posted it as its child.
    const canvasImportId = Number(importSpan.attributes['canvas.sis_import_id']);
    const rows = importedRows(canvas, TENANT).filter((r) => r.importId === canvasImportId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(Number(importSpan.attributes['canvas.rows']));
    const posts = receiver.childrenOf(importSpan).filter((s) => s.kind === SPAN_KIND_CLIENT && methodOf(s) === 'POST');
    expect(posts.map(urlOf)).toEqual(expect.arrayContaining([expect.stringContaining('/sis_imports')]));
  }, 600_000);

  it('follows a Live Event in one trace from the gateway through the gradebook processor and writer to the IC PUTs', async () => {
    const { lineItemId, resultId } = await gradeThroughGateway({
      env, canvas, district: acme, tenant: TENANT, appEnv: otelEnv, apps: passbackApps, assignment: { name: 'Traced essay', pointsPossible: 20, score: 17 },
    });

    for (const [kind, sourcedId] of [['lineItem', lineItemId], ['result', resultId]] as const) {
      // The writer's span for this write, with the IC PUT as its child, and a parent chain back to the gateway.
      const write = await waitFor(`the traced ${kind} write`, () => receiver.spans.find((s) =>
        s.service === 'gradebook-writer' && s.name === `gradebook-writer upsert ${kind}` && s.attributes['oneroster.sourced_id'] === sourcedId
        && receiver.childrenOf(s).some((c) => c.kind === SPAN_KIND_CLIENT && methodOf(c) === 'PUT')) ?? false,
      { timeoutMs: 60_000, describe: describeSpans });
      const put = receiver.childrenOf(write).find((c) => c.kind === SPAN_KIND_CLIENT && methodOf(c) === 'PUT')!;
      expect(urlOf(put)).toContain(`/${kind}s/${sourcedId}`);
      const [processed, accepted, request] = ancestors(write);
      expect(processed).toMatchObject({ service: 'gradebook', name: 'gradebook live-event' });
      expect(accepted).toMatchObject({ service: 'events-gateway', name: 'events-gateway live-event', attributes: expect.objectContaining({ 'rp.tenant': TENANT }) });
      // The gateway's HTTP server span is the root: the instrumentation was in place before node:http loaded.
      expect(request).toMatchObject({ service: 'events-gateway', kind: SPAN_KIND_SERVER });
      expect(new Set(receiver.trace(write.traceId).map((s) => s.service))).toEqual(new Set(['events-gateway', 'gradebook', 'gradebook-writer']));
    }
  }, 300_000);
});
