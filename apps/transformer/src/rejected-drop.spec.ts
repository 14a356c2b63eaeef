import type { CanvasEntityChange, ConsumedRecord, OneRosterEntityChange, OutgoingRecord } from '@rp/messaging';
import { createLogger } from '@rp/observability';
import { resolveTenantMappingSettings } from '@rp/mapping';
import { FakeTables } from './testing/fake-tables';
import { change, smallDistrict } from './testing/records';
import { TransformBatchHandler } from './transform-batch.handler';

// Issue 18 item 2: a school's extract came back truncated (its class and enrollments absent), the drops were held
// at the loader and the plan rejected; then the data returns. No drop may go out on the way back.
const d = smallDistrict();
const consumed = (value: OneRosterEntityChange) =>
  ({ topic: 't', partition: 0, offset: '0', key: null, value, headers: {}, tenant: value.tenant, timestamp: '0' }) as ConsumedRecord<OneRosterEntityChange>;
const all = (run: string) => [
  ...d.orgs.map((r) => change('acme', 'org', r, { syncRun: run })),
  ...d.academicSessions.map((r) => change('acme', 'academicSession', r, { syncRun: run })),
  ...d.courses.map((r) => change('acme', 'course', r, { syncRun: run })),
  ...d.users.map((r) => change('acme', 'user', r, { syncRun: run })),
];
const classes = (run: string) => d.classes.map((r) => change('acme', 'class', r, { syncRun: run }));
const enrollments = (run: string) => d.enrollments.map((r) => change('acme', 'enrollment', r, { syncRun: run }));
/** A full run that no longer saw the class and its enrollments: the extractor's absence deletes (no record). */
const truncated = (run: string) => [
  change('acme', 'class', null, { op: 'delete', sourcedId: 'cls-1', syncRun: run }),
  ...d.enrollments.map((e) => change('acme', 'enrollment', null, { op: 'delete', sourcedId: e.sourcedId, syncRun: run })),
];

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
  const run = async (...slices: OneRosterEntityChange[][]) => {
    const before = published.length;
    for (const slice of slices) await handler.handle(slice.map(consumed));
    return published.slice(before).map((p) => `${p.key} ${p.op} ${p.value!.row.status}`);
  };
  return { run };
}

describe('the data returning after a truncated extract', () => {
  it('truncation drops the class and its enrollments (the loader holds them for an operator)', async () => {
    const { run } = setup();
    await run([...all('r1'), ...classes('r1'), ...enrollments('r1')]);
    expect(await run(truncated('r2'))).toEqual(expect.arrayContaining([
      'acme|section|cls-1 delete deleted', 'acme|enrollment|cls-1:stu-1:student delete deleted', 'acme|enrollment|cls-1:tch-1:teacher delete deleted',
    ]));
  });

  it.each([
    ['classes before enrollments', (r: string) => [classes(r), enrollments(r)]],
    ['enrollments before classes', (r: string) => [enrollments(r), classes(r)]],
    ['both in one slice', (r: string) => [[...classes(r), ...enrollments(r)]]],
  ])('sends no drop when it returns, %s; the class and enrollments come back active', async (_order, restore) => {
    const { run } = setup();
    await run([...all('r1'), ...classes('r1'), ...enrollments('r1')]);
    await run(truncated('r2'));
    const back = await run(...restore('r3'));
    expect(back.filter((p) => p.includes(' delete '))).toEqual([]);
    expect(back).toEqual(expect.arrayContaining([
      'acme|section|cls-1 upsert active', 'acme|enrollment|cls-1:stu-1:student upsert active', 'acme|enrollment|cls-1:tch-1:teacher upsert active',
    ]));
  });

  it('still drops an enrollment IC itself ended while its class was away', async () => {
    const { run } = setup();
    await run([...all('r1'), ...classes('r1'), ...enrollments('r1')]);
    await run(truncated('r2'));
    const ended = change('acme', 'enrollment', { ...d.enrollments[0], status: 'tobedeleted' }, { op: 'delete', syncRun: 'r3' });
    const back = await run(classes('r3'), [ended]);
    // its own record says tobedeleted: that is its final word, sent (the loader's gate judges it)
    expect(back).toContain('acme|enrollment|cls-1:stu-1:student delete deleted_last_completed');
  });
});
