import { Client } from 'pg';
import type { CanvasEntityChange, LoadResult } from '@rp/messaging';
import { createKafka } from '@rp/messaging';
import { readTopicsToEnd } from '../kafka/topic-reader';
import { opsKafkaKit } from '../testing/kafka-kit';
import { runOps } from '../testing/ops-process';

jest.setTimeout(300_000);

const kit = opsKafkaKit('ops-tdel');

const userChange = (tenant: string, sisId: string): CanvasEntityChange => ({
  tenant, canvasType: 'user', sisId, op: 'upsert', syncRun: 'run-1', contentHash: `h-${sisId}`, school: null,
  row: { user_id: sisId, login_id: `${sisId}@example.org`, first_name: 'Given', last_name: 'Family', status: 'active' }, sources: [`user:${sisId}`],
});
const result = (tenant: string, sisId: string): LoadResult => ({
  tenant, canvasType: 'user', sisId, syncRun: 'run-1', importId: 1, outcome: 'applied', message: null, at: new Date().toISOString(),
});

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const pg = new Client({ connectionString: kit.services.databaseUrl });
  await pg.connect();
  try {
    return (await pg.query(text, params)).rows as T[];
  } finally {
    await pg.end();
  }
}

const snapshotTable = `"${kit.env.DB_SCHEMA_PREFIX}extractor".extractor_snapshot`;
const tenantsOf = async (topic: string) => (await readTopicsToEnd(createKafka({ brokers: kit.services.kafkaBrokers, clientId: 'tdel-reader' }), [kit.topic(topic)]))
  .map((r) => ({ key: r.key?.toString() ?? '', tombstone: r.value === null }));

beforeAll(async () => {
  await kit.setUp(['acme', 'beta']);
  await kit.publisher.publish(kit.topic('canvas.users'), [
    { key: 'acme|user|a-1', value: userChange('acme', 'a-1'), tenant: 'acme' },
    { key: 'beta|user|b-1', value: userChange('beta', 'b-1'), tenant: 'beta' },
  ]);
  await kit.publisher.publish(kit.topic('canvas.load-results'), [{ key: 'acme|user|a-1', value: result('acme', 'a-1'), tenant: 'acme' }]);
  await kit.publisher.publish(kit.topic('canvas.load-results'), [{ key: 'beta|user|b-1', value: result('beta', 'b-1'), tenant: 'beta' }]);
  for (const [tenant, id] of [['acme', 'a-1'], ['beta', 'b-1']]) {
    await sql(`INSERT INTO ${snapshotTable} (tenant, entity_type, sourced_id, hash, last_seen_run) VALUES ($1, 'user', $2, 'h', 'run-1')`, [tenant, id]);
  }
});
afterAll(() => kit.cleanup());

describe('ops tenants delete', () => {
  it('refuses without a confirmation and deletes nothing', async () => {
    const refused = await runOps(['tenants', 'delete', 'acme'], kit.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('add --yes');
    expect(await sql(`SELECT tenant FROM ${snapshotTable} ORDER BY tenant`)).toEqual([{ tenant: 'acme' }, { tenant: 'beta' }]);
  });

  it("purges the tenant's rows, topic records, settings and secrets, and leaves the other tenant's", async () => {
    const deleted = await runOps(['tenants', 'delete', 'acme', '--yes', '--wait-seconds', '240', '--json'], kit.env);
    expect({ code: deleted.code, stderr: deleted.code === 0 ? '' : deleted.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(deleted.stdout) as { complete: boolean; tables: { table: string; removed: number }[]; topics: { topic: string }[] };
    expect(report.complete).toBe(true);
    expect(report.tables).toEqual(expect.arrayContaining([
      { store: 'extractor', table: 'extractor_snapshot', removed: 1 }, { store: 'admin', table: 'tenants', removed: 1 },
    ]));

    expect(await sql(`SELECT tenant FROM ${snapshotTable}`)).toEqual([{ tenant: 'beta' }]);
    // what is left of the tenant on a compacted topic: at most the marker erasure appended (a tombstone naming no one)
    const leftOf = (records: { key: string; tombstone: boolean }[]) => records.filter((r) => r.key.startsWith('acme|') && !(r.key === 'acme|erasure' && r.tombstone));
    const users = await tenantsOf('canvas.users');
    expect(leftOf(users)).toEqual([]);
    expect(users).toContainEqual({ key: 'beta|user|b-1', tombstone: false });
    const results = await tenantsOf('canvas.load-results');
    expect(results.filter((r) => r.key.startsWith('acme|'))).toEqual([]);
    expect(results).toContainEqual({ key: 'beta|user|b-1', tombstone: false });

    const listed = await runOps(['tenants', 'list', '--json'], kit.env);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((t) => t.id)).toEqual(['beta']);
  });
});
