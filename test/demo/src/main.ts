/**
 * `npm start`: the whole platform on this machine. Starts Kafka, the schema registry and PostgreSQL, an Infinite
 * Campus (OneRoster 1.2) simulator serving a generated district, a Canvas simulator, and every app; runs the first
 * full sync with progress, prints what happened, then keeps syncing deltas and passing grades back until Ctrl-C.
 */
import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import type { DistrictSizeName } from '@rp/fixtures';
import { createKafka, AvroSerde, SyncRunEvent, Topics } from '@rp/messaging';
import { createDataSource, LoaderPlanRepository, loaderStore, runMigrations } from '@rp/persistence';
import { canvasSnapshot, expectedCanvas, rosterOf, viewCounts } from '@rp/e2e';
import {
  DEMO_TENANT, DEMO_TOPIC_PREFIX, DEMO_SCHEMA_PREFIX, demoApps, demoSecretsKey, registerDemoTenant, startServices, startSimulators, wipePreviousDemo,
} from './demo-stack';
import { renderProgress, renderSummary, TypeCounts } from './progress';
import { runTeacherFlow } from './teacher-flow';
import { startTracing, traceLink, wroteToIc } from './demo-tracing';

const size = (process.env.DEMO_SIZE ?? 'small') as DistrictSizeName;
const say = (line: string) => process.stdout.write(`${line}\n`);
/** Off a terminal, a plain progress block at most this often (ms). */
const PLAIN_PROGRESS_EVERY_MS = 10_000;

async function topicTotals(admin: Admin, match: (topic: string) => boolean): Promise<Record<string, number>> {
  const topics = (await admin.listTopics()).filter(match);
  const totals: Record<string, number> = {};
  for (const topic of topics) {
    totals[topic] = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  }
  return totals;
}

const growth = (now: Record<string, number>, start: Record<string, number>) =>
  Object.fromEntries(Object.entries(now).map(([t, n]) => [t, n - (start[t] ?? 0)]));
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  const started = Date.now();
  say('Starting Kafka, the schema registry, PostgreSQL and Jaeger (first run downloads them and builds Jaeger)…');
  const tracing = startTracing(say);
  startServices();
  const secretsKey = demoSecretsKey();
  say(`Generating a ${size} district and starting the Infinite Campus and Canvas simulators…`);
  const sims = await startSimulators(size);
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'demo' });
  const admin = kafka.admin();
  await admin.connect();
  await wipePreviousDemo(admin);
  const adminDs = await registerDemoTenant(sims, secretsKey);
  const expected = viewCounts(expectedCanvas(rosterOf(sims.district))) as unknown as TypeCounts;
  const topic = (name: string) => `${DEMO_TOPIC_PREFIX}${name}`;
  const isEntityTopic = (domain: string) => (t: string) =>
    t.startsWith(topic(`${domain}.`)) && !t.endsWith('.dlq') &&
    ![topic(Topics.gradebookWrites), topic(Topics.canvasLiveEvents), topic(Topics.loadResults)].includes(t);
  const jaegerUi = await tracing; // before the apps: they export their spans to it
  if (jaegerUi) say(`Jaeger (traces of every app): ${jaegerUi}`);
  const apps = demoApps(secretsKey);
  const stop = async () => {
    say('\nStopping the apps and simulators…');
    for (const app of [...apps].reverse()) await app.kill('SIGTERM');
    await admin.disconnect().catch(() => undefined);
    await sims.ic.close();
    await sims.canvas.close();
    await adminDs.destroy();
    say('Stopped. `npm run services:down` stops Kafka, the registry, PostgreSQL and Jaeger too.');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  // The extractor's schedule starts the tenant's first full sync as soon as it runs: follow that run.
  const runs = kafka.consumer({ groupId: `demo-watch-${randomUUID().slice(0, 8)}` });
  const serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);
  let extractorDone: SyncRunEvent | undefined;
  let syncStarted = 0;
  say('Starting the apps: extractor, transformer, loader, events-gateway, gradebook (processor and writer)…');
  for (const app of apps) {
    await app.start(180_000);
    if (app.app === 'transformer') {
      // topics exist now (created by the first apps): watch the run markers from the beginning
      await runs.connect();
      await runs.subscribe({ topic: topic(Topics.syncRuns), fromBeginning: true });
      await runs.run({
        eachMessage: async ({ message }) => {
          const event = message.value ? ((await serde.decode(message.value)) as SyncRunEvent) : undefined;
          if (event?.tenant !== DEMO_TENANT || event.stage !== 'extractor') return;
          if (event.phase === 'started' && !syncStarted) syncStarted = Date.now();
          if (event.phase !== 'started' && !extractorDone) extractorDone = event;
        },
      });
    }
  }
  say('First full sync running. Progress (Ctrl-C to stop):');
  const dlqStart = {};

  let lastDone = -1;
  let stableSince = Date.now();
  let lastPlain = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const inCanvas = viewCounts(canvasSnapshot(sims.canvas, DEMO_TENANT)) as unknown as TypeCounts;
    const extracted = total(await topicTotals(admin, isEntityTopic('oneroster')));
    const projected = total(await topicTotals(admin, isEntityTopic('canvas')));
    const lines = renderProgress({ extracted, projected, inCanvas, expected, elapsedMs: Date.now() - (syncStarted || started) });
    if (process.stdout.isTTY) process.stdout.write(`\x1b[2K${lines.join('\n\x1b[2K')}\n\x1b[${lines.length}A`);
    else if (Date.now() - lastPlain >= PLAIN_PROGRESS_EVERY_MS) {
      // not a terminal (a log file, CI): plain lines now and then, no cursor codes
      lastPlain = Date.now();
      say(lines.join('\n'));
    }
    const done = total(inCanvas);
    if (done !== lastDone) {
      lastDone = done;
      stableSince = Date.now();
    }
    const complete = Object.entries(expected).every(([t, n]) => (inCanvas[t] ?? 0) >= n);
    if (extractorDone?.phase === 'failed') break;
    if (extractorDone && (complete || Date.now() - stableSince > 30_000)) break;
  }
  if (process.stdout.isTTY) process.stdout.write('\n'.repeat(renderProgress({ extracted: 0, projected: 0, inCanvas: {}, expected, elapsedMs: 0 }).length));

  const loaderDs = createDataSource({ url: process.env.DATABASE_URL!, store: loaderStore, schema: `${DEMO_SCHEMA_PREFIX}loader` });
  await loaderDs.initialize();
  await runMigrations(loaderDs);
  const plans = await new LoaderPlanRepository(loaderDs).list({ tenant: DEMO_TENANT, status: 'held' });
  await loaderDs.destroy();
  const importErrors = sims.canvas.admin
    .imports(DEMO_TENANT)
    .flatMap((imp) => imp.messages.map((m) => ({ entity: `${m.file}${m.row ? ` row ${m.row}` : ''}`, message: m.message })));
  const dead = growth(await topicTotals(admin, (t) => t.startsWith(DEMO_TOPIC_PREFIX) && t.endsWith('.dlq')), dlqStart);
  if (extractorDone?.phase === 'failed') say(`The extractor reported the run as failed: ${extractorDone.message}`);
  for (const line of renderSummary({
    elapsedMs: Date.now() - (syncStarted || started),
    inCanvas: viewCounts(canvasSnapshot(sims.canvas, DEMO_TENANT)) as unknown as TypeCounts,
    expected,
    heldPlans: plans.map((p) => ({
      id: p.id,
      summary: p.summary.exceeded.map((e) => `${e.destructive} ${e.canvasType} at ${e.school ?? 'district'} (limit ${e.limit})`).join('; '),
    })),
    deadLettered: dead,
    importErrors,
  })) say(line);

  if (jaegerUi && extractorDone) {
    const link = await traceLink(jaegerUi, 'extractor', { 'rp.sync_run': extractorDone.runId });
    say(`Trace of this sync (run ${extractorDone.runId}): ${link ?? `not in Jaeger yet; search service extractor, tag rp.sync_run=${extractorDone.runId} at ${jaegerUi}`}`);
  }

  say('\nGrade passback: a teacher creates an assignment in Canvas and grades three students…');
  try {
    const flow = await runTeacherFlow(sims.district, sims.canvas, sims.ic);
    const resultId = flow.resultIds[0];
    if (jaegerUi && resultId) {
      const link = await traceLink(jaegerUi, 'gradebook-writer', { 'oneroster.sourced_id': resultId }, wroteToIc);
      say(`  Trace of the first grade (result ${resultId}), Canvas Live Event to the IC write: ${link ?? `not in Jaeger yet; search service gradebook-writer at ${jaegerUi}`}`);
    }
    say(`  "${flow.assignment}" in ${flow.className}: ${flow.lineItemsWritten} lineItem and ${flow.resultsWritten}/${flow.graded} results ` +
      `reached Infinite Campus in ${flow.seconds.toFixed(1)} s`);
    if (flow.resultsWritten < flow.graded) say('  (not all results arrived: see `npm run ops -- passback status --tenant demo --class …` and the gradebook logs)');
  } catch (error) {
    say(`  grade passback demo failed: ${(error as Error).message}`);
  }

  say('\nNow syncing continuously: the extractor runs a delta every 30 s, and grades given in the Canvas simulator');
  say(`flow back to the IC simulator. IC simulator: ${sims.ic.baseUrl}  Canvas simulator: ${sims.canvas.baseUrl}`);
  say(`Try \`TOPIC_PREFIX=${DEMO_TOPIC_PREFIX} DB_SCHEMA_PREFIX=${DEMO_SCHEMA_PREFIX} npm run ops -- runs list --tenant demo\` in another terminal`);
  say('(with the variables `npm run services:status` prints, and SECRETS_KEY from .services/demo/secrets.key).');
  say(`Logs: .services/demo/logs.${jaegerUi ? ` Traces: ${jaegerUi} (in memory: \`npm run services:down\` stops Jaeger and forgets them).` : ''} Ctrl-C stops everything.`);
  setInterval(() => {
    const writes = sims.ic.admin.gradebookWrites().length;
    const imports = sims.canvas.admin.imports(DEMO_TENANT).length;
    say(`${new Date().toISOString()}  Canvas imports: ${imports}  grade writes received by IC: ${writes}`);
  }, 30_000);
}

main().catch((error) => {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE') {
    process.stderr.write(
      `npm start failed: port ${e.port} is in use (is another \`npm start\` running?). Stop it, or move the demo with ` +
        'DEMO_PORT_BASE (all of them; default 18080), or DEMO_ONEROSTER_PORT, DEMO_CANVAS_PORT, DEMO_GATEWAY_PORT, DEMO_APP_PORT_BASE.\n',
    );
    process.exit(1);
  }
  process.stderr.write(`npm start failed: ${e.stack ?? error}\n`);
  process.exit(1);
});
