import { join } from 'node:path';
import type { ClassRecord, EnrollmentRecord, UserRecord } from '@rp/fixtures';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import { CANVAS_ENTITY_TYPES, canvasTopic, ONEROSTER_ENTITY_TYPES, oneRosterTopic, Topics } from '@rp/messaging';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { type PromScrape, samplesOf, scrapeMetrics, sumOf } from '@rp/testing';
import { addDistrict, AppProcess, DistrictSetup, E2eEnv, freePort, Pipeline, waitFor } from '../support';

/**
 * Acceptance (metrics contract, helm/README.md "Metrics"): the apps run as processes against the simulators, and
 * each one's `/metrics`, scraped over HTTP like Prometheus does, carries every contract metric for the tenant with
 * values that match what happened: records in/out/dead-lettered per stage and topic (one stage's output is the next
 * one's input), consumer lag, run and SIS import durations, held plans, the Canvas rate-limit budget, IC errors and
 * gradebook writes.
 */
describe('metrics contract end to end', () => {
  const env = new E2eEnv('metrics');
  const TENANT = 'acme';
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  const passbackApps: AppProcess[] = [];

  const scrape = (app: AppProcess) => scrapeMetrics(app.port);
  const extractor = () => scrape(pipeline.apps.extractor);
  const transformer = () => scrape(pipeline.apps.transformer);
  const loader = () => scrape(pipeline.apps.loader);
  const mine = (labels: Record<string, string> = {}) => ({ tenant: TENANT, ...labels });
  const describeScrape = (page: PromScrape, prefix = 'rp_') =>
    page.samples.filter((s) => s.name.startsWith(prefix) && !s.name.endsWith('_bucket')).map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`).join('\n');

  beforeAll(async () => {
    // The throttle is on (Canvas's leaky bucket, with a quick leak) so Canvas answers with X-Rate-Limit-Remaining.
    canvas = await startCanvasSimulator({
      rootAccounts: [{ key: TENANT, tokens: [`token-${TENANT}`], name: `Canvas ${TENANT}`, shard: 2107 }],
      throttle: { outflowPerSecond: 200 },
      importSpeed: { rowsPerStep: 200, stepDelayMs: 0 },
    });
    env.onCleanup(() => canvas.close());
    acme = await addDistrict(env, canvas, { tenant: TENANT, seed: 12, thresholds: { maxDeleteFraction: 0.2, minDeleteCount: 3 } });
    await (await env.tenants()).update(TENANT, { canvas: { liveEventsJwksUrl: canvas.jwksUrl } });
    // One user IC sends without its required givenName: dead-lettered by the extractor.
    const { store, sis } = acme.ic.admin;
    const student = (store.all('users') as UserRecord[]).find((u) => u.status === 'active' && u.roles[0].role === 'student')!;
    sis.add('users', { ...student, sourcedId: 'metrics-bad-user', username: 'metrics.bad.user', givenName: undefined } as unknown as UserRecord);
    // Two IC 500s during the first run: retried by the client, counted as retriable IC errors.
    acme.ic.admin.setFaults({ serverErrorNext: 2 });
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    for (const app of passbackApps) await app.kill('SIGTERM');
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('counts a full sync through extractor, transformer and loader, stage by stage and topic by topic', async () => {
    const run = await pipeline.sync(TENANT, 'full');
    expect(run.phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);

    const ex = await extractor();
    expect(sumOf(ex, 'rp_sync_runs_total', mine({ kind: 'full', outcome: 'finished' }))).toBe(1);
    expect(sumOf(ex, 'rp_sync_run_duration_seconds_count', mine({ kind: 'full' }))).toBe(1);
    expect(sumOf(ex, 'rp_sync_run_duration_seconds_sum', mine({ kind: 'full' }))).toBeGreaterThan(0);
    expect(sumOf(ex, 'rp_ic_errors_total', mine({ kind: 'retriable', status: '500' }))).toBe(2);
    expect(sumOf(ex, 'rp_records_dlq_total', mine({ stage: 'extractor', topic: env.topic('oneroster.users'), reason: 'invalid-record' }))).toBe(1);
    // Records out per OneRoster topic = what the run's finished marker reports as emitted and deleted for that type.
    const counts = run.counts as Record<string, number>;
    for (const type of ONEROSTER_ENTITY_TYPES) {
      const expected = (counts[`${type}.emitted`] ?? 0) + (counts[`${type}.deleted`] ?? 0);
      expect({ type, out: sumOf(ex, 'rp_records_out_total', mine({ stage: 'extractor', topic: env.topic(oneRosterTopic(type)) })) }).toEqual({ type, out: expected });
    }
    expect(sumOf(ex, 'rp_records_out_total', mine({ stage: 'extractor', topic: env.topic('sync.runs') }))).toBe(2); // started + finished

    // The transformer consumed exactly what the extractor produced, and the loader exactly what the transformer produced.
    const tr = await transformer();
    for (const type of ONEROSTER_ENTITY_TYPES) {
      const topic = env.topic(oneRosterTopic(type));
      expect({ topic, in: sumOf(tr, 'rp_records_in_total', mine({ stage: 'transformer', topic })) })
        .toEqual({ topic, in: sumOf(ex, 'rp_records_out_total', mine({ stage: 'extractor', topic })) });
    }
    const ld = await loader();
    let canvasRecords = 0;
    for (const type of CANVAS_ENTITY_TYPES) {
      const topic = env.topic(canvasTopic(type));
      const out = sumOf(tr, 'rp_records_out_total', mine({ stage: 'transformer', topic }));
      canvasRecords += out;
      expect({ topic, in: sumOf(ld, 'rp_records_in_total', mine({ stage: 'loader', topic })) }).toEqual({ topic, in: out });
    }
    expect(canvasRecords).toBeGreaterThan(50);
    expect(sumOf(ld, 'rp_records_out_total', mine({ stage: 'loader', topic: env.topic('canvas.load-results') }))).toBeGreaterThan(0);

    // Consumer lag per partition, 0 once the pipeline is quiet.
    for (const [stage, page] of [['transformer', tr], ['loader', ld]] as const) {
      const lag = samplesOf(page, 'rp_consumer_lag', { stage });
      expect(lag.length).toBeGreaterThan(0);
      expect(lag.every((s) => /^\d+$/.test(s.labels.partition) && s.labels.topic.startsWith(env.topicPrefix))).toBe(true);
      expect({ stage, behind: lag.filter((s) => s.value !== 0).map((s) => `${s.labels.topic}[${s.labels.partition}]=${s.value}`) }).toEqual({ stage, behind: [] });
    }

    // One SIS import duration per import Canvas ran for the tenant; the rate-limit budget Canvas reported.
    expect(sumOf(ld, 'rp_sis_import_duration_seconds_count', mine())).toBe(canvas.admin.imports(TENANT).length);
    const budget = samplesOf(ld, 'rp_canvas_rate_limit_remaining', mine());
    expect(budget).toHaveLength(1);
    expect(budget[0].value).toBeGreaterThan(0);
    expect(budget[0].value).toBeLessThanOrEqual(600);
  }, 600_000);

  it('shows a plan held by the safety gate, and 0 again once an operator rejected it', async () => {
    // 30 % of one school's classes vanish from IC: the loader holds the deletions in a plan.
    const { store, sis } = acme.ic.admin;
    const school = (store.all('classes') as ClassRecord[]).map((c) => c.schoolSourcedId).sort()[0];
    const classes = (store.all('classes') as ClassRecord[]).filter((c) => c.schoolSourcedId === school && c.status === 'active');
    const gone = classes.slice(0, Math.ceil(classes.length * 0.3)).map((c) => c.sourcedId);
    for (const e of store.all('enrollments') as EnrollmentRecord[]) if (gone.includes(e.classSourcedId)) sis.purge('enrollments', e.sourcedId);
    for (const id of gone) sis.purge('classes', id);
    expect((await pipeline.sync(TENANT, 'full')).phase).toBe('finished');

    const held = await waitFor('rp_held_plans 1 for the tenant', async () => {
      const page = await loader();
      return sumOf(page, 'rp_held_plans', mine()) === 1 ? page : false;
    }, { timeoutMs: 120_000, describe: () => pipeline.tails() });
    expect(samplesOf(held, 'rp_held_plans', mine())).toHaveLength(1);
    const ex = await extractor();
    expect(sumOf(ex, 'rp_sync_runs_total', mine({ kind: 'full', outcome: 'finished' }))).toBe(2);
    expect(sumOf(ex, 'rp_sync_run_duration_seconds_count', mine({ kind: 'full' }))).toBe(2);

    const plans = await env.query<{ id: string }>('loader', `SELECT id FROM loader_plans WHERE tenant = $1 AND status = 'held'`, [TENANT]);
    const rejected = await pipeline.ops(['plans', 'reject', plans![0].id]);
    expect({ code: rejected.code, stderr: rejected.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    // The loader polls the plans table (operators decide from another process): the series stays, at 0.
    await waitFor('rp_held_plans back to 0', async () => samplesOf(await loader(), 'rp_held_plans', mine()).map((s) => s.value).join() === '0',
      { timeoutMs: 60_000, describe: () => pipeline.tails() });
  }, 600_000);

  it('counts grade passback through events-gateway, gradebook and gradebook-writer, with every write IC received', async () => {
    const gatewayPort = await freePort();
    const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' };
    const gateway = new AppProcess('events-gateway', gatewayPort, env.appEnv(), env.logDir);
    const processor = new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir);
    // No SERVICE_NAME: the writer role names itself (and its stage label) gradebook-writer.
    const writer = new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer' }), join(env.logDir, 'writer'));
    passbackApps.push(gateway, processor, writer);
    for (const app of passbackApps) await app.start();
    canvas.admin.setWebhook(TENANT, `http://127.0.0.1:${gatewayPort}/live-events`);
    const deliveries = () => JSON.stringify(canvas.admin.liveEvents({ accountKey: TENANT }).map((r) => `${r.eventName}:${r.outcome}:${r.status ?? r.error}`));
    let diagnosis = '';
    const diagnose = async () => {
      const outcomes = await env.query('gradebook', 'SELECT outcome_key, kind, status, reason FROM gradebook_outcomes WHERE tenant = $1', [TENANT]);
      const pages = await Promise.all([gateway, processor, writer].map((a) => scrape(a).then((p) => describeScrape(p, 'rp_records')).catch((e) => String(e))));
      diagnosis = `outcomes: ${JSON.stringify(outcomes)}\n${pages.join('\n')}`;
      return false as const;
    };
    const tails = () => `live events: ${deliveries()}\n${diagnosis}\n${passbackApps.map((a) => a.tail(15)).join('\n')}`;

    const d = acme.district;
    const present = new Set((acme.ic.admin.store.all('classes') as ClassRecord[]).filter((c) => c.status === 'active').map((c) => c.sourcedId));
    const klass = d.classes.find((c) => present.has(c.sourcedId) && d.categories.some((cat) => cat.classSourcedId === c.sourcedId)
      && d.enrollments.some((e) => e.classSourcedId === c.sourcedId && e.role === 'student' && e.status === 'active'))!;
    const student = d.enrollments.find((e) => e.classSourcedId === klass.sourcedId && e.role === 'student' && e.status === 'active')!.userSourcedId;
    const period = d.academicSessions.find((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)!;
    const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;
    const teacher = canvas.admin.account(TENANT);
    const course = `sis_course_id:${klass.sourcedId}`;
    // In an assignment group named after one of the class's IC categories (otherwise the lineItem is refused).
    const category = d.categories.find((c) => c.classSourcedId === klass.sourcedId)!;
    const group = teacher.createAssignmentGroup(course, { name: category.title });
    const assignment = teacher.createAssignment(course, { name: 'Metered essay', pointsPossible: 20, dueAt, postToSis: true, assignmentGroupId: group.id });
    const lineItemId = lineItemSourcedId(TENANT, String(assignment.id));
    const icPuts = () => acme.ic.admin.gradebookWrites().filter((w) => w.method === 'PUT' && w.status < 300);
    await waitFor('the lineItem in IC', async () => icPuts().some((w) => w.sourcedId === lineItemId) || diagnose(), { timeoutMs: 90_000, describe: tails });
    teacher.grade(course, assignment.id, `sis_user_id:${student}`, { score: 17 });
    const resultId = resultSourcedId(lineItemId, student);
    await waitFor('the result in IC', () => icPuts().some((w) => w.sourcedId === resultId), { timeoutMs: 90_000, describe: tails });

    // Each hop's input equals the previous hop's output, and every write IC accepted counts as written (once settled).
    let state = '';
    await waitFor('passback counters to settle', async () => {
      const [gw, pr, wr] = await Promise.all([scrape(gateway), scrape(processor), scrape(writer)]);
      const liveEvents = env.topic(Topics.canvasLiveEvents);
      const writes = env.topic(Topics.gradebookWrites);
      const now = {
        accepted: sumOf(gw, 'rp_gateway_events_total', mine({ outcome: 'accepted' })),
        gatewayOut: sumOf(gw, 'rp_records_out_total', mine({ stage: 'events-gateway', topic: liveEvents })),
        processorIn: sumOf(pr, 'rp_records_in_total', mine({ stage: 'gradebook', topic: liveEvents })),
        processorOut: sumOf(pr, 'rp_records_out_total', mine({ stage: 'gradebook', topic: writes })),
        writerIn: sumOf(wr, 'rp_records_in_total', mine({ stage: 'gradebook-writer', topic: writes })),
        written: sumOf(wr, 'rp_gradebook_writes_total', mine({ outcome: 'written' })),
        icPuts: icPuts().length,
        writerLag: samplesOf(wr, 'rp_consumer_lag', { stage: 'gradebook-writer', topic: writes }).length,
        processorLag: samplesOf(pr, 'rp_consumer_lag', { stage: 'gradebook', topic: liveEvents }).length,
      };
      state = JSON.stringify(now);
      return now.accepted >= 2 && now.gatewayOut === now.accepted && now.processorIn === now.gatewayOut
        && now.processorOut >= 2 && now.writerIn === now.processorOut && now.written === now.icPuts && now.written >= 2
        && now.writerLag > 0 && now.processorLag > 0;
    }, { timeoutMs: 60_000, describe: () => `last ${state}\n${tails()}` });
    const wr = await scrape(writer);
    expect(Object.keys(samplesOf(wr, 'rp_gradebook_writes_total', mine())[0].labels).filter((l) => l !== 'otel_scope_name').sort()).toEqual(['outcome', 'tenant']);
    expect(describeScrape(wr)).not.toMatch(/stage="gradebook"[,}]/); // the writer never reports as the processor
  }, 300_000);
});
