import {
  CanvasEntityChange, deadLetterRecord, SyncRequest, SyncRunEvent, Topics,
} from '@rp/messaging';
import { firstLine, runOps, startOps } from './testing/ops-process';
import { opsKafkaKit } from './testing/kafka-kit';

jest.setTimeout(180_000);

const kit = opsKafkaKit('ops-k');
const { env, topic, serde, publisher } = kit;
const consume = (t: string, count: number) => kit.read(t, count);

beforeAll(async () => {
  const migrated = await kit.setUp(['acme']);
  expect(migrated.topics.created).toContain(topic('canvas.users.dlq'));
});

afterAll(() => kit.cleanup());

describe('ops against Kafka (CLI processes)', () => {
  it('migrate is idempotent: a second run applies nothing and creates no topic', async () => {
    const again = JSON.parse((await runOps(['migrate', '--json'], env)).stdout);
    expect(again.stores.every((s: { applied: string[] }) => s.applied.length === 0)).toBe(true);
    expect(again.topics.created).toEqual([]);
  });

  it('sync publishes a SyncRequest for the tenant and prints its run id', async () => {
    const result = await runOps(['sync', 'acme', '--full', '--json'], env);
    expect(result.code).toBe(0);
    const { requested } = JSON.parse(result.stdout);
    const [record] = await consume(topic(Topics.syncRequests), 1);
    expect(record.key).toBe(`acme|${requested.runId}`);
    expect(record.headers.tenant).toBe('acme');
    const value = await serde.decode<SyncRequest>(record.value!);
    expect(value).toEqual({ tenant: 'acme', runId: requested.runId, kind: 'full', requestedBy: expect.stringMatching(/^ops:/), requestedAt: expect.any(String), planOnly: false });
  });

  it('sync --wait follows sync.runs until the stage finished; runs list/show report it per stage', async () => {
    const { child, done } = startOps(['sync', 'acme', '--wait', '--until', 'transformer', '--timeout', '120', '--json'], env);
    const runId: string = JSON.parse(await firstLine(child)).requested.runId;
    const marker = (stage: SyncRunEvent['stage'], phase: SyncRunEvent['phase'], counts: Record<string, number> = {}, id = runId) => ({
      key: `acme|${id}`, tenant: 'acme', syncRun: id,
      value: { tenant: 'acme', runId: id, kind: 'delta', stage, phase, at: new Date().toISOString(), counts, message: null } as SyncRunEvent,
    });
    await publisher.publish(topic(Topics.syncRuns), [
      marker('extractor', 'started'),
      marker('extractor', 'started', {}, 'another-run'),
      marker('extractor', 'finished', { 'user.emitted': 12, 'enrollment.emitted': 30 }),
      marker('transformer', 'started'),
      marker('transformer', 'finished', { 'canvas.user': 12 }),
    ]);
    const result = await done;
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event).map((l) => `${l.event.stage}:${l.event.phase}`)).toEqual([
      'extractor:started', 'extractor:finished', 'transformer:started', 'transformer:finished',
    ]);
    // the wait ends at the transformer, but the run is not finished while the loader has not reported
    expect(lines.at(-1).run).toMatchObject({ runId, status: 'running', stages: { transformer: { phase: 'finished' } } });

    const list = JSON.parse((await runOps(['runs', 'list', '--tenant', 'acme', '--json'], env)).stdout);
    expect(list.map((r: { runId: string }) => r.runId).sort()).toEqual(['another-run', runId].sort());
    const show = await runOps(['runs', 'show', runId], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`run ${runId} (delta) for tenant acme: running`);
    expect(show.stdout).toContain('enrollment.emitted: 30');
    expect(show.stdout).toContain('loader: not started (pending)');
    expect((await runOps(['runs', 'show', 'no-such-run'], env)).code).toBe(1);
  });

  it('runs list with a wrong or unreachable schema registry says so instead of reporting no runs', async () => {
    const runId = 'registry-check-run';
    await publisher.publish(topic(Topics.syncRuns), [{
      key: `acme|${runId}`, tenant: 'acme', syncRun: runId,
      value: { tenant: 'acme', runId, kind: 'delta', stage: 'extractor', phase: 'started', at: new Date().toISOString(), counts: {}, message: null } as SyncRunEvent,
    }]);
    const registry = new URL(env.SCHEMA_REGISTRY_URL!);
    const wrongPath = await runOps(['runs', 'list', '--tenant', 'acme'], { ...env, SCHEMA_REGISTRY_URL: `${registry.origin}/apis/nothing-here` });
    expect(wrongPath.code).toBe(1);
    expect(wrongPath.stderr).toMatch(/ops: none of the \d+ sync.runs records could be decoded with the schema registry at .*nothing-here/);
    expect(wrongPath.stderr).toContain('check that SCHEMA_REGISTRY_URL is the registry the services use');
    expect(wrongPath.stderr).not.toMatch(/^\s+at /m); // no stack traces
    expect(wrongPath.stdout).not.toContain('No sync runs');

    const down = await runOps(['runs', 'list', '--tenant', 'acme'], { ...env, SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1/apis/ccompat/v7' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('ops: the schema registry at 127.0.0.1:1 (SCHEMA_REGISTRY_URL) did not answer');
  });

  it('dlq list/show/retry: a dead letter goes back to its topic with its key, bytes and original headers', async () => {
    const change: CanvasEntityChange = {
      tenant: 'acme', canvasType: 'user', sisId: 'u-1', op: 'upsert', syncRun: 'run-9', contentHash: 'h1',
      school: null, row: { user_id: 'u-1', login_id: 'ada', status: 'active' }, sources: ['user:u-1'],
    };
    const usersTopic = topic(Topics.canvas.user);
    const bytes = await serde.encode(usersTopic, change);
    const failed = (tenant: string, offset: string) => deadLetterRecord({
      topic: usersTopic, partition: 2, errorClass: 'permanent', attempts: 1, failedAt: new Date(),
      error: new Error(`tenant ${tenant}: Canvas rejected user u-1`),
      message: { key: Buffer.from(`${tenant}|user|u-1`), value: bytes, offset, timestamp: '0', attributes: 0, headers: { tenant, 'sync-run': 'run-9' } },
    });
    const acme = failed('acme', '5');
    const other = failed('other', '6');
    await publisher.publishRaw(acme.topic, [acme.record, other.record]);

    const listed = JSON.parse((await runOps(['dlq', 'list', '--tenant', 'acme', '--json'], env)).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ dlqTopic: 'canvas.users.dlq', tenant: 'acme', originalTopic: 'canvas.users', originalOffset: '5' });
    expect(listed[0].error).toContain('Canvas rejected user u-1');

    const shown = await runOps(['dlq', 'show', 'canvas.users', `${listed[0].partition}:${listed[0].offset}`, '--json'], env);
    expect(JSON.parse(shown.stdout).value).toMatchObject({ sisId: 'u-1', row: { login_id: 'ada' } });

    const retried = await runOps(['dlq', 'retry', 'canvas.users', '--tenant', 'acme', '--json'], env);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout).retried).toEqual([
      { deadLetter: `canvas.users.dlq ${listed[0].partition}:${listed[0].offset}`, to: 'canvas.users', tenant: 'acme' },
    ]);
    const [back] = await consume(usersTopic, 1);
    expect(back.key).toBe('acme|user|u-1');
    expect(back.value!.equals(bytes)).toBe(true);
    expect(Object.keys(back.headers).sort()).toEqual(['sync-run', 'tenant']);
    expect(await serde.decode(back.value!)).toEqual(change);
  });
});
