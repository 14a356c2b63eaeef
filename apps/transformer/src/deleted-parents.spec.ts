import type { CanvasEntityChange, ConsumedRecord, OneRosterEntityChange, OutgoingRecord } from '@rp/messaging';
import { createLogger } from '@rp/observability';
import { resolveTenantMappingSettings } from '@rp/mapping';
import { FakeTables } from './testing/fake-tables';
import { change, enrollment, klass, smallDistrict, user } from './testing/records';
import { TransformBatchHandler } from './transform-batch.handler';

// Issue 18: IC lists classes and users as `tobedeleted` that Canvas never had, with enrollments still active.
const d = smallDistrict();
const consumed = (value: OneRosterEntityChange) =>
  ({ topic: 't', partition: 0, offset: '0', key: null, value, headers: {}, tenant: value.tenant, timestamp: '0' }) as ConsumedRecord<OneRosterEntityChange>;
const parents = () => [
  ...d.orgs.map((r) => change('acme', 'org', r)),
  ...d.academicSessions.map((r) => change('acme', 'academicSession', r)),
  ...d.courses.map((r) => change('acme', 'course', r)),
  ...d.users.map((r) => change('acme', 'user', r)),
];
const deletedClass = klass('cls-9', { course: 'crs-1', school: 'sch-1', terms: ['s1'] }, { status: 'tobedeleted' });
const activeClass9 = { ...deletedClass, status: 'active' as const };
const inDeletedClass = enrollment('e-9', { user: 'stu-1', class: 'cls-9' });
const deletedUser = user('stu-7', undefined, { status: 'tobedeleted' });
const ofDeletedUser = enrollment('e-7', { user: 'stu-7', class: 'cls-1' });

function setup() {
  const tables = new FakeTables();
  const published: OutgoingRecord<CanvasEntityChange>[] = [];
  const handler = new TransformBatchHandler({
    repository: tables.repository,
    settingsOf: async (tenant) => ({ ok: true, settings: resolveTenantMappingSettings(tenant, {}) }),
    publish: async (_type, records) => void published.push(...records),
    tombstone: async () => undefined,
    clock: () => new Date('2024-10-01T15:00:00Z'),
    logger: createLogger({ service: 'transformer-spec', level: 'error' }),
  });
  const run = (changes: OneRosterEntityChange[]) => handler.handle(changes.map(consumed));
  const parked = (sourcedId: string) => [...tables.parked.values()].find((p) => p.sourcedId === sourcedId);
  return { tables, published, run, parked };
}

describe('records under a parent IC deleted', () => {
  it('an active enrollment of a class received only as tobedeleted is blocked, with the reason, and nothing is sent', async () => {
    const { run, published, parked } = setup();
    await run(parents());
    const before = published.length;
    const [result] = await run([change('acme', 'class', deletedClass, { op: 'delete' }), change('acme', 'enrollment', inDeletedClass)]);
    expect(published.slice(before)).toEqual([]); // Canvas never had the class nor the enrollment: nothing to drop
    expect(parked('e-9')).toMatchObject({
      state: 'blocked', waitingFor: ['class:cls-9'],
      message: expect.stringContaining('enrollment e-9 is blocked by deleted class cls-9 (tobedeleted in IC) and was never in Canvas'),
    });
    expect(parked('e-9')!.message).not.toContain('not yet received');
    expect(result).toMatchObject({ parked: 0, blocked: 1, published: 0 });
  });

  it('in the other order too: the enrollment waits for the class, then is blocked when the class arrives tobedeleted', async () => {
    const { run, published, parked } = setup();
    await run(parents());
    await run([change('acme', 'enrollment', inDeletedClass)]);
    expect(parked('e-9')).toMatchObject({ state: 'waiting', waitingFor: ['class:cls-9'] });
    const before = published.length;
    await run([change('acme', 'class', deletedClass, { op: 'delete' })]);
    expect(parked('e-9')).toMatchObject({ state: 'blocked' });
    expect(published.slice(before)).toEqual([]);
  });

  it('an active enrollment of a user received only as tobedeleted is blocked by that user', async () => {
    const { run, published, parked } = setup();
    await run([...parents(), ...d.classes.map((r) => change('acme', 'class', r))]);
    const before = published.length;
    await run([change('acme', 'user', deletedUser, { op: 'delete' }), change('acme', 'enrollment', ofDeletedUser)]);
    expect(published.slice(before)).toEqual([]);
    expect(parked('e-7')).toMatchObject({ state: 'blocked', waitingFor: ['user:stu-7'], message: expect.stringContaining('blocked by deleted user stu-7') });
  });

  it('a blocked enrollment is provisioned and leaves the list when its class comes back active', async () => {
    const { run, published, parked } = setup();
    await run(parents());
    await run([change('acme', 'class', deletedClass, { op: 'delete' }), change('acme', 'enrollment', inDeletedClass)]);
    const before = published.length;
    await run([change('acme', 'class', activeClass9)]);
    expect(published.slice(before).map((p) => `${p.key} ${p.op}`)).toEqual(expect.arrayContaining([
      'acme|section|cls-9 upsert', 'acme|enrollment|cls-9:stu-1:student upsert',
    ]));
    expect(parked('e-9')).toBeUndefined();
  });

  it('an enrollment Canvas has is dropped per policy when its class is deleted, and is not listed', async () => {
    const { run, published, parked } = setup();
    await run([...parents(), change('acme', 'class', activeClass9), change('acme', 'enrollment', inDeletedClass)]);
    const before = published.length;
    await run([change('acme', 'class', deletedClass, { op: 'delete' })]);
    expect(published.slice(before).map((p) => `${p.key} ${p.op} ${p.value!.row.status}`)).toEqual(expect.arrayContaining([
      'acme|enrollment|cls-9:stu-1:student delete deleted', 'acme|section|cls-9 delete deleted',
    ]));
    expect(parked('e-9')).toBeUndefined();
  });

  it('a tobedeleted record Canvas never had sends nothing, and is not parked', async () => {
    const { run, published, tables } = setup();
    const [result] = await run([change('acme', 'user', deletedUser, { op: 'delete' }), change('acme', 'enrollment', { ...ofDeletedUser, status: 'tobedeleted' }, { op: 'delete' })]);
    expect(published).toEqual([]);
    expect(tables.parked.size).toBe(0);
    expect(result).toMatchObject({ neverPublished: 2 });
  });
});
