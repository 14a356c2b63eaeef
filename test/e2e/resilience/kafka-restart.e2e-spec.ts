import { expectedCanvas, PrivateKafka, privateKafkaService, rosterOf } from '../support';
import { expectUndisturbedCanvas, resilienceHarness, waitForExtractorOutcome, waitMidRun } from './harness';

/**
 * Resilience: the Kafka broker going down and coming back in the middle of a full run (every producer and consumer
 * loses it at once) must not change the outcome: the run finishes and Canvas ends as an undisturbed run leaves it,
 * nothing applied twice. The apps use a private broker for this test (the schema registry stays the shared one).
 */
describe('resilience: Kafka broker restart mid-run', () => {
  let broker: PrivateKafka;
  const h = resilienceHarness({
    name: 'res-kafka', tenant: 'kfrestart', seed: 54, ic: { pageSize: 10, latencyMs: 40 },
    privateService: privateKafkaService((started) => {
      broker = started;
    }),
  });

  it('finishes the run and reaches the undisturbed Canvas state after the broker restarted mid-run', async () => {
    const { pipeline, tenant } = h;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitMidRun(h);
    await broker.restart();
    const extractorDone = pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'extractor' && e.phase === 'finished');
    expect(extractorDone).toBe(false);

    const outcome = await waitForExtractorOutcome(h, runId, 300_000);
    // finished with nothing held: its message only says how each collection's paging ended
    expect(outcome).toMatchObject({ phase: 'finished', message: expect.stringMatching(/^paging: /) });
    await pipeline.waitQuiet(tenant, h.canvas, h.setup.accountKey);
    expectUndisturbedCanvas(h, expected);
  }, 600_000);
});
