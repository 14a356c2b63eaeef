import { SyncRunEvent, Topics } from '@rp/messaging';
import { expectedCanvas, readTopic, rosterOf, waitFor } from '../support';
import { expectUndisturbedCanvas, resilienceHarness, waitMidRun } from './harness';
import { PrivateKafka } from './private-kafka';

/**
 * Resilience: the Kafka broker going down and coming back in the middle of a full run (every producer and consumer
 * loses it at once) must not change the outcome: the run finishes and Canvas ends as an undisturbed run leaves it,
 * nothing applied twice. The apps use a private broker for this test (the schema registry stays the shared one).
 */
describe('resilience: Kafka broker restart mid-run', () => {
  let broker: PrivateKafka;
  const h = resilienceHarness({
    name: 'res-kafka', tenant: 'kfrestart', seed: 54, ic: { pageSize: 10, latencyMs: 40 },
    privateService: async () => {
      broker = await PrivateKafka.start();
      return { services: { kafkaBrokers: broker.brokers.split(',') }, stop: () => broker.stop() };
    },
  });

  /**
   * The run's extractor outcome, read from `sync.runs` itself: the pipeline's watcher is a plain kafkajs consumer
   * that may not survive the restart, and its silence must not pass for the run hanging.
   */
  async function extractorOutcome(runId: string): Promise<SyncRunEvent | undefined> {
    const records = (await readTopic(h.env, Topics.syncRuns)).filter((r) => r.key === `${h.tenant}|${runId}` && r.value);
    const events = await Promise.all(records.map((r) => h.env.serde.decode<SyncRunEvent>(r.value!)));
    return events.find((e) => e.stage === 'extractor' && e.phase !== 'started');
  }

  it('finishes the run and reaches the undisturbed Canvas state after the broker restarted mid-run', async () => {
    const { pipeline, tenant } = h;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitMidRun(h);
    await broker.restart();
    const extractorDone = pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'extractor' && e.phase === 'finished');
    expect(extractorDone).toBe(false);

    let outcome: SyncRunEvent | undefined;
    await waitFor('the extractor to end the run', async () => {
      outcome = await extractorOutcome(runId).catch(() => undefined); // the broker may still be electing leaders
      return outcome !== undefined;
    }, { timeoutMs: 300_000, intervalMs: 2000, describe: () => pipeline.tails() });
    // finished with nothing held: its message only says how each collection's paging ended
    expect(outcome).toMatchObject({ phase: 'finished', message: expect.stringMatching(/^paging: /) });
    await pipeline.waitQuiet(tenant, h.canvas, h.setup.accountKey);
    expectUndisturbedCanvas(h, expected);
  }, 600_000);
});
