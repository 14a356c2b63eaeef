import { expectedCanvas, PrivateKafka, privateKafkaService, rosterOf, sleep } from '../support';
import { deadLetterCounts, expectUndisturbedCanvas, OUTAGE_MS, resilienceHarness, waitForExtractorOutcome, waitMidRun } from './harness';

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
    privateService: privateKafkaService((started) => {
      broker = started;
    }),
  });

  it('finishes the run in the undisturbed Canvas state with empty DLQs after the broker was away for a minute', async () => {
    const { pipeline, tenant } = h;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitMidRun(h);
    await broker.pause();
    await sleep(OUTAGE_MS);
    await broker.resume();

    const outcome = await waitForExtractorOutcome(h, runId, 400_000);
    expect(outcome?.phase).toBe('finished');
    await pipeline.waitQuiet(tenant, h.canvas, h.setup.accountKey);
    expectUndisturbedCanvas(h, expected);
    expect(await deadLetterCounts(h.env)).toEqual({});
  }, 900_000);
});
