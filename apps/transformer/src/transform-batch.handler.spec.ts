import type { CanvasEntityChange, ConsumedRecord, OneRosterEntityChange, OutgoingRecord } from '@rp/messaging';
import { createLogger } from '@rp/observability';
import { resolveTenantMappingSettings } from '@rp/mapping';
import { FakeTables } from './testing/fake-tables';
import { change, smallDistrict } from './testing/records';
import { TransformBatchHandler } from './transform-batch.handler';

const d = smallDistrict();
const consumed = (value: OneRosterEntityChange | null) => withHeaders(value, {});
const withHeaders = (value: OneRosterEntityChange | null, headers: Record<string, string>): ConsumedRecord<OneRosterEntityChange> =>
  ({ topic: 't', partition: 0, offset: '0', key: null, value, headers, tenant: value?.tenant, timestamp: '0' }) as ConsumedRecord<OneRosterEntityChange>;
const forced = (value: OneRosterEntityChange) => withHeaders(value, { 'replay-id': 'rp-1', 'replay-force': 'true' });
const district = (tenant: string) => [
  ...d.orgs.map((r) => change(tenant, 'org', r)),
  ...d.academicSessions.map((r) => change(tenant, 'academicSession', r)),
  ...d.courses.map((r) => change(tenant, 'course', r)),
  ...d.classes.map((r) => change(tenant, 'class', r)),
  ...d.users.map((r) => change(tenant, 'user', r)),
  ...d.enrollments.map((r) => change(tenant, 'enrollment', r)),
];

function setup() {
  const tables = new FakeTables();
  const published: { type: string; record: OutgoingRecord<CanvasEntityChange> }[] = [];
  const tombstones: { type: string; key: string; value: null }[] = [];
  const handler = new TransformBatchHandler({
    repository: tables.repository,
    settingsOf: async (tenant) => ({ ok: true, settings: resolveTenantMappingSettings(tenant, {}) }),
    publish: async (type, records) => {
      published.push(...records.map((record) => ({ type, record })));
    },
    tombstone: async (type, records) => {
      tombstones.push(...records.map((r) => ({ type, key: r.key, value: r.value })));
    },
    clock: () => new Date('2024-10-01T15:00:00Z'),
    logger: createLogger({ service: 'transformer-spec', level: 'error' }),
  });
  return { tables, published, tombstones, handler };
}

describe('TransformBatchHandler', () => {
  it('publishes each tenant its own Canvas records, keyed tenant|type|sisId, with row strings, school, lineage and run', async () => {
    const { handler, published } = setup();
    await handler.handle([...district('acme'), ...district('beta')].map(consumed));
    expect(published.filter((p) => p.record.tenant === 'beta')).toHaveLength(9);
    const course = published.find((p) => p.record.key === 'acme|course|cls-1')!;
    expect(course.type).toBe('course');
    expect(course.record).toMatchObject({ tenant: 'acme', syncRun: 'run-1', op: 'upsert' });
    expect(course.record.value).toMatchObject({
      canvasType: 'course', sisId: 'cls-1', op: 'upsert', school: 'sch-1',
      row: { course_id: 'cls-1', short_name: 'ALG1-P1', status: 'active' }, sources: expect.arrayContaining(['class:cls-1']),
    });
    expect(course.record.value!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('publishes nothing for input it already projected', async () => {
    const { handler, published } = setup();
    await handler.handle(district('acme').map(consumed));
    const first = published.length;
    const results = await handler.handle(district('acme').map(consumed));
    expect(published).toHaveLength(first);
    expect(results[0]).toMatchObject({ published: 0, unchanged: 9 });
  });

  it('publishes again after a crash between publishing and storing the hashes (never loses a projection)', async () => {
    const { handler, published, tables } = setup();
    tables.failNextProjectionWrite = true;
    await expect(handler.handle(district('acme').map(consumed))).rejects.toThrow('connection lost');
    expect(published).toHaveLength(9);
    expect(tables.projections.size).toBe(0); // rolled back: nothing recorded as published
    await handler.handle(district('acme').map(consumed)); // the consumer re-delivers the uncommitted slice
    expect(published).toHaveLength(18);
    expect(tables.projections.size).toBe(9);
  });

  it('skips tombstones', async () => {
    const { handler, published } = setup();
    expect(await handler.handle([consumed(null)])).toEqual([]);
    expect(published).toEqual([]);
  });

  it('tombstones a OneRoster key once its delete is materialised, and keeps no name or e-mail of the deleted person', async () => {
    const { handler, published, tombstones, tables } = setup();
    await handler.handle(district('acme').map(consumed));
    expect(tombstones).toEqual([]);
    const person = JSON.parse(change('acme', 'user', d.users[0]).record!) as Record<string, unknown>;
    await handler.handle([consumed(change('acme', 'user', null, { op: 'delete', sourcedId: 'stu-1', syncRun: 'run-2' }))]);
    expect(tombstones).toEqual([{ type: 'user', key: 'acme|stu-1', value: null }]);
    const userDelete = published.find((p) => p.record.key === 'acme|user|stu-1' && p.record.op === 'delete')!;
    expect(userDelete.record.value!.row).toEqual({ user_id: 'stu-1', login_id: 'stu-1', status: 'deleted' });
    const stored = JSON.stringify(tables.entities.get('acme|user|stu-1'));
    for (const field of ['givenName', 'familyName', 'email'] as const) if (person[field]) expect(stored).not.toContain(String(person[field]));
  });

  it('does not tombstone a key whose delete is followed by an upsert in the same slice', async () => {
    const { handler, tombstones } = setup();
    await handler.handle(district('acme').map(consumed));
    await handler.handle([
      consumed(change('acme', 'user', null, { op: 'delete', sourcedId: 'stu-1', syncRun: 'run-2' })),
      consumed(change('acme', 'user', d.users[0], { syncRun: 'run-2' })),
    ]);
    expect(tombstones).toEqual([]);
  });

  it('re-emits unchanged projections of inputs replayed with replay-force, marking its outputs as forced', async () => {
    const { handler, published } = setup();
    await handler.handle(district('acme').map(consumed));
    const first = published.length;
    await handler.handle(district('acme').map((c) => withHeaders(c, { 'replay-id': 'rp-0' }))); // a replay without force
    expect(published).toHaveLength(first);
    const results = await handler.handle(district('acme').map(forced));
    const again = published.slice(first);
    expect(again.map((p) => p.record.key).sort()).toEqual(published.slice(0, first).map((p) => p.record.key).sort());
    expect(again.every((p) => p.record.headers?.['replay-force'] === 'true')).toBe(true);
    expect(results[0]).toMatchObject({ published: 9 });
  });

  it('keeps a batch in order when forced and ordinary records of a tenant alternate', async () => {
    const { handler, published } = setup();
    await handler.handle(district('acme').map(consumed));
    const first = published.length;
    const all = district('acme');
    const at = all.findIndex((c) => c.entityType === 'user');
    const results = await handler.handle(all.map((c, n) => (n === at ? forced(c) : consumed(c))));
    expect(results.map((r) => r.records)).toEqual([at, 1, all.length - at - 1]);
    const again = published.slice(first);
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((p) => p.record.headers?.['replay-force'] === 'true' && p.record.key === `acme|user|${all[at].sourcedId}`)).toBe(true);
  });
});
