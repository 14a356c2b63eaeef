import { Stall, Topics } from '@rp/messaging';
import { StallReporter } from '@rp/runtime';
import { runOps } from './testing/ops-process';
import { opsKafkaKit } from './testing/kafka-kit';

jest.setTimeout(180_000);

const kit = opsKafkaKit('ops-stalls');
const { env, topic, publisher } = kit;

beforeAll(() => kit.setUp(['acme']));
afterAll(() => kit.cleanup());

/** A service instance's stalls as its runtime reports them on pipeline.stalls (ADR 0102). */
function service(stage: string, instance: string) {
  let stalls: Stall[] = [];
  const reporter = new StallReporter(stage, instance, {
    stalls: () => stalls, clock: () => new Date(), publish: (records) => publisher.publish(topic(Topics.stalls), records),
  });
  return {
    stallOn: async (cause: Stall['cause'], lastError: string, since: Date) => {
      stalls = [{ tenant: 'acme', cause, topic: 'x', partition: 0, since, attempts: 7, lastError }];
      await reporter.tick();
    },
    resume: async () => {
      stalls = [];
      await reporter.tick();
    },
  };
}

describe('stalls in ops runs and ops passback status (CLI processes against Kafka)', () => {
  it('shows a stage stalled for a tenant with since when and why, where it belongs, and not once it resumed', async () => {
    const since = new Date(Date.now() - 5 * 60_000);
    const loader = service('loader', 'loader-7f:12');
    const writer = service('gradebook-writer', 'writer-2c:9');
    await loader.stallOn('canvas', 'tenant acme: POST /api/v1/accounts/1/sis_imports: timed out after 60 s', since);
    await writer.stallOn('ic', 'tenant acme: OneRoster PUT results/r1: 503 Service Unavailable', since);
    const runId = 'run-during-the-stall';
    await publisher.publish(topic(Topics.syncRuns), [{
      key: `acme|${runId}`, tenant: 'acme', syncRun: runId,
      value: { tenant: 'acme', runId, kind: 'full', stage: 'extractor', phase: 'started', at: new Date().toISOString(), counts: {}, message: null },
    }]);

    const list = await runOps(['runs', 'list', '--tenant', 'acme'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`loader of tenant acme stalled since ${since.toISOString()} (5 min): waiting for canvas`);
    expect(list.stdout).toContain('timed out after 60 s');
    const show = await runOps(['runs', 'show', runId, '--json'], env);
    expect(JSON.parse(show.stdout).stalls.map((s: { stage: string; cause: string }) => `${s.stage}:${s.cause}`).sort())
      .toEqual(['gradebook-writer:ic', 'loader:canvas']);

    const passback = await runOps(['passback', 'status', '--tenant', 'acme', '--class', 'c1'], env);
    expect(passback.code).toBe(0);
    expect(passback.stdout).toContain(`gradebook-writer of tenant acme stalled since ${since.toISOString()}`);
    expect(passback.stdout).toContain('503 Service Unavailable');
    expect(passback.stdout).not.toContain('loader of tenant acme'); // provisioning's stall is not passback's

    await loader.resume();
    await writer.resume();
    const after = await runOps(['runs', 'list', '--tenant', 'acme'], env);
    expect(after.stdout).not.toContain('stalled since');
    expect((await runOps(['passback', 'status', '--tenant', 'acme', '--class', 'c1'], env)).stdout).not.toContain('stalled since');
  });
});
