import type { CanvasSimulator } from '@rp/sim-canvas';
import { canvasTopic, CANVAS_ENTITY_TYPES, SyncRunEvent, Topics } from '@rp/messaging';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline, rosterOf,
  readTopic, rowKey, startCanvas, waitFor,
} from '../support';
import { duplicates } from './fault-script';
import { PrivateKafka } from './private-kafka';

/**
 * Resilience: the Kafka broker going down and coming back in the middle of a full run (every producer and consumer
 * loses it at once) must not change the outcome: the run finishes and Canvas ends as an undisturbed run leaves it,
 * nothing applied twice. The apps use a private broker for this test (the schema registry stays the shared one).
 */
describe('resilience: Kafka broker restart mid-run', () => {
  const tenant = 'kfrestart';
  let broker: PrivateKafka;
  let env: E2eEnv;
  let canvas: CanvasSimulator;
  let setup: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    broker = await PrivateKafka.start();
    const shared = process.env.KAFKA_BROKERS;
    process.env.KAFKA_BROKERS = broker.brokers;
    try {
      env = new E2eEnv('res-kafka');
    } finally {
      process.env.KAFKA_BROKERS = shared;
    }
    canvas = await startCanvas(env, [tenant]);
    setup = await addDistrict(env, canvas, { tenant, seed: 54 });
    await (await env.tenants()).update(tenant, { ic: { pageSize: 10 } });
    setup.ic.admin.setFaults({ latencyMs: 40 });
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env?.cleanup();
    await broker?.stop();
  }, 120_000);

  async function canvasRecords(): Promise<number> {
    return env.withAdmin(async (admin) => {
      let n = 0;
      for (const type of CANVAS_ENTITY_TYPES) {
        for (const p of await admin.fetchTopicOffsets(env.topic(canvasTopic(type)))) n += Number(p.high) - Number(p.low);
      }
      return n;
    });
  }

  /**
   * The run's extractor outcome, read from `sync.runs` itself: the pipeline's watcher is a plain kafkajs consumer
   * that may not survive the restart, and its silence must not pass for the run hanging.
   */
  async function extractorOutcome(runId: string): Promise<SyncRunEvent | undefined> {
    const records = (await readTopic(env, Topics.syncRuns)).filter((r) => r.key === `${tenant}|${runId}` && r.value);
    const events = await Promise.all(records.map((r) => env.serde.decode<SyncRunEvent>(r.value!)));
    return events.find((e) => e.stage === 'extractor' && e.phase !== 'started');
  }

  it('finishes the run and reaches the undisturbed Canvas state after the broker restarted mid-run', async () => {
    const expected = expectedCanvas(rosterOf(setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    // Mid-run: the transformer is already projecting while the extractor still pages through IC.
    await waitFor('the transformer to have projected some records', async () => (await canvasRecords()) >= 20,
      { timeoutMs: 180_000, intervalMs: 100, describe: () => pipeline.tails() });
    await broker.restart();
    const extractorDone = pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'extractor' && e.phase === 'finished');
    expect(extractorDone).toBe(false);

    let outcome: SyncRunEvent | undefined;
    await waitFor('the extractor to end the run', async () => {
      outcome = await extractorOutcome(runId).catch(() => undefined); // the broker may still be electing leaders
      return outcome !== undefined;
    }, { timeoutMs: 300_000, intervalMs: 2000, describe: () => pipeline.tails() });
    expect(outcome).toMatchObject({ phase: 'finished', message: null });
    await pipeline.waitQuiet(tenant, canvas, setup.accountKey);
    expect(diffViews(canvasSnapshot(canvas, setup.accountKey), expected)).toEqual([]);
    expect(duplicates(importedRows(canvas, setup.accountKey).map(rowKey))).toEqual([]);
    expect(canvas.admin.imports(setup.accountKey).filter((i) => i.workflowState.startsWith('failed'))).toEqual([]);
  }, 600_000);
});
