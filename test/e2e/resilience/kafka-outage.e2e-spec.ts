import { SyncRunEvent, Topics } from '@rp/messaging';
import { expectedCanvas, readTopic, rosterOf, sleep, waitFor } from '../support';
import { deadLetterCounts, expectUndisturbedCanvas, OUTAGE_MS, resilienceHarness, waitMidRun } from './harness';
import { PrivateKafka } from './private-kafka';

/**
 * Long outage (issue 16): the Kafka broker stopped for a minute in the middle of a full run — far beyond any retry
 * budget of kafkajs or of the consumers — must end as if nothing happened: the run finishes, Canvas holds exactly the
 * undisturbed outcome with nothing applied twice, and nothing was dead-lettered. The apps use a private broker (the
 * schema registry and PostgreSQL stay the shared ones).
 */
describe('long outage: Kafka broker stopped for a minute mid-run', () => {
  let broker: PrivateKafka;
  const h = resilienceHarness({
    name: 'out-kafka', tenant: 'kfoutage', seed: 62, ic: { pageSize: 10, latencyMs: 40 },
    privateService: async () => {
      broker = await PrivateKafka.start();
      return { services: { kafkaBrokers: broker.brokers.split(',') }, stop: () => broker.stop() };
    },
  });

  /** The run's extractor outcome, read from `sync.runs` itself (the pipeline's watcher may not survive the outage). */
  async function extractorOutcome(runId: string): Promise<SyncRunEvent | undefined> {
    const records = (await readTopic(h.env, Topics.syncRuns)).filter((r) => r.key === `${h.tenant}|${runId}` && r.value);
    const events = await Promise.all(records.map((r) => h.env.serde.decode<SyncRunEvent>(r.value!)));
    return events.find((e) => e.stage === 'extractor' && e.phase !== 'started');
  }

  it('finishes the run in the undisturbed Canvas state with empty DLQs after the broker was away for a minute', async () => {
    const { pipeline, tenant } = h;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitMidRun(h);
    await broker.pause();
    await sleep(OUTAGE_MS);
    await broker.resume();

    let outcome: SyncRunEvent | undefined;
    await waitFor('the extractor to end the run', async () => {
      outcome = await extractorOutcome(runId).catch(() => undefined); // the broker may still be electing leaders
      return outcome !== undefined;
    }, { timeoutMs: 400_000, intervalMs: 2000, describe: () => pipeline.tails() });
    expect(outcome?.phase).toBe('finished');
    await pipeline.waitQuiet(tenant, h.canvas, h.setup.accountKey);
    expectUndisturbedCanvas(h, expected);
    expect(await deadLetterCounts(h.env)).toEqual({});
  }, 900_000);
});
