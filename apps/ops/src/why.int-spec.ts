import { Client } from 'pg';
import { deadLetterRecord } from '@rp/messaging';
import { serviceStores } from '@rp/persistence';
import { whyReaders } from './commands/why.command';
import { DefaultOpsContext } from './ops-context';
import { opsKafkaKit } from './testing/kafka-kit';
import { runOps } from './testing/ops-process';
import { whyOf } from './why/why.query';

jest.setTimeout(180_000);

const kit = opsKafkaKit('ops-why');
const ctx = new DefaultOpsContext({ env: kit.env, stdout: () => undefined, stderr: () => undefined });
const schema = (store: string) => `"${kit.env.DB_SCHEMA_PREFIX}${store}"`;

async function sql(text: string, params: unknown[] = []): Promise<void> {
  const pg = new Client({ connectionString: kit.services.databaseUrl });
  await pg.connect();
  try {
    await pg.query(text, params);
  } finally {
    await pg.end();
  }
}

const org = { sourcedId: 'sch-1', type: 'org' };
const userRecord = (id: string, role: string) => ({ sourcedId: id, status: 'active', enabledUser: true, givenName: 'A', familyName: 'B', username: id, roles: [{ roleType: 'primary', role, org }], primaryOrg: org });
const enrollmentRecord = (id: string, user: string, cls: string, status = 'active') => ({ sourcedId: id, status, role: 'student', user: { sourcedId: user }, class: { sourcedId: cls }, school: org });
const projection = (type: string, sisId: string, op: string, row: Record<string, string>) => ({ type, sisId, op, row, sources: [] });
const PLAN = '6f1d8a52-3c8e-4a1e-9a43-0c6a0f6d1a11';

/** One district's state as the services leave it: each of the stories `ops why` must tell, in each service's own tables. */
async function seed(): Promise<void> {
  const x = schema('extractor');
  const tr = schema('transformer');
  const ld = schema('loader');
  const gb = schema('gradebook');
  await sql(`INSERT INTO ${x}.extractor_runs (run_id, tenant, kind, status, requested_by, finished_at) VALUES ('full-1', 'acme', 'full', 'finished', 'schedule', now())`);
  for (const [type, id] of [['user', 'stu-1'], ['user', 'stu-3'], ['user', 'guardian-1'], ['enrollment', 'enr-2'], ['enrollment', 'enr-9']]) {
    await sql(`INSERT INTO ${x}.extractor_snapshot (tenant, entity_type, sourced_id, hash, deleted, last_seen_run) VALUES ('acme', $1, $2, 'h', $3, 'full-1')`, [type, id, id === 'enr-2']);
  }
  const entity = (type: string, id: string, record: object, projections: object[], deleted = false) =>
    sql(`INSERT INTO ${tr}.transformer_entities (tenant, type, sourced_id, record, deleted, projections) VALUES ('acme', $1, $2, $3::jsonb, $4, $5::jsonb)`,
      [type, id, JSON.stringify(record), deleted, JSON.stringify(projections)]);
  await entity('user', 'stu-1', userRecord('stu-1', 'student'), [projection('user', 'stu-1', 'upsert', { user_id: 'stu-1', login_id: 'stu-1', status: 'active' })]);
  await entity('user', 'stu-3', userRecord('stu-3', 'student'), [projection('user', 'stu-3', 'upsert', { user_id: 'stu-3', login_id: 'taken', status: 'active' })]);
  await entity('user', 'guardian-1', userRecord('guardian-1', 'guardian'), []);
  await entity('enrollment', 'enr-9', enrollmentRecord('enr-9', 'stu-1', 'cls-9'), []);
  await entity('enrollment', 'enr-2', enrollmentRecord('enr-2', 'stu-2', 'cls-1', 'tobedeleted'), [projection('enrollment', 'cls-1:stu-2:student', 'delete', { status: 'deleted' })], true);
  await sql(`INSERT INTO ${tr}.transformer_parked (tenant, type, sourced_id, waiting_for, message) VALUES ('acme', 'enrollment', 'enr-9', '{class:cls-9}', 'tenant acme: enrollment enr-9 waits for class cls-9')`);

  await sql(`INSERT INTO ${ld}.loader_imports (id, tenant, canvas_import_id, state) VALUES (7, 'acme', 1234, 'imported')`);
  await sql(`INSERT INTO ${ld}.loader_applied (tenant, canvas_type, sis_id, hash, active, import_id) VALUES ('acme', 'user', 'stu-1', 'h', true, 7), ('acme', 'enrollment', 'cls-1:stu-2:student', 'h', true, 7)`);
  await sql(`INSERT INTO ${ld}.loader_plans (id, tenant, status, summary) VALUES ($1, 'acme', 'held', '{"items":1,"counts":[],"exceeded":[]}')`, [PLAN]);
  await sql(`INSERT INTO ${ld}.loader_pending (tenant, canvas_type, sis_id, row, hash, op, received_at, plan_id) VALUES ('acme', 'enrollment', 'cls-1:stu-2:student', '{}', 'h2', 'delete', now(), $1)`, [PLAN]);
  await sql(`INSERT INTO ${ld}.loader_pending (tenant, canvas_type, sis_id, row, hash, op, received_at, status, attempts, last_error)
    VALUES ('acme', 'user', 'stu-3', '{}', 'h', 'upsert', now(), 'failed', 3, 'Canvas: login_id taken is already in use')`);

  await sql(`INSERT INTO ${gb}.gradebook_outcomes (tenant, outcome_key, kind, class_sourced_id, student_sourced_id, line_item_sourced_id, result_sourced_id, canvas_course_id, canvas_assignment_id, canvas_user_id, status, reason, canvas_event_time, updated_at)
    VALUES ('acme', 'res-1', 'result', 'cls-1', 'stu-1', 'li-1', 'res-1', '101', '555', '77', 'sent', NULL, now(), now()),
           ('acme', 'res-2', 'result', 'cls-1', 'stu-2', 'li-1', 'res-2', '101', '555', '78', 'refused', 'IC refused the score: 422 exceeds resultValueMax', now(), now())`);
  await sql(`INSERT INTO ${gb}.gradebook_event_outcomes (tenant, event_key, event_name, outcome, grade_keys, recorded_at)
    VALUES ('acme', 'evt-1', 'grade_change', 'decided', '{li-1,res-1}', now() - interval '1 hour'), ('acme', 'evt-2', 'submission_updated', 'decided', '{res-1}', now())`);
}

beforeAll(async () => {
  await kit.setUp(['acme']);
  for (const store of ['extractor', 'transformer', 'loader', 'gradebook']) await ctx.dataSource(serviceStores[store]);
  await seed();
});

afterAll(async () => {
  await ctx.close();
  await kit.cleanup();
});

describe('ops why against the services’ tables', () => {
  it.each([
    ['an applied student', 'stu-1', 'applied', /applied in SIS import 1234/],
    ['a parked enrollment', 'enr-9', 'parked', /waiting on class:cls-9/],
    ['a held drop (by OneRoster id)', 'enr-2', 'held', new RegExp(`delete held in plan ${PLAN} \\(over the safety threshold\\)`)],
    ['a held drop (by Canvas SIS id)', 'cls-1:stu-2:student', 'held', new RegExp(`held in plan ${PLAN}`)],
    ['a Canvas-refused row', 'stu-3', 'refused', /refused by Canvas after 3 attempt\(s\): Canvas: login_id taken is already in use/],
    ['a user filtered by policy', 'guardian-1', 'filtered', /by policy: every role of the user is guardian and observers are off/],
    ['a written grade', 'res-1', 'grade-written', /assignment 555 user 77 \(Live Event submission_updated evt-2 of .*\) → IC lineItem li-1, result res-1, student stu-1: written to IC/],
    ['a refused grade', 'res-2', 'grade-refused', /refused: IC refused the score: 422 exceeds resultValueMax/],
  ])('%s', async (_, id, state, detail) => {
    const report = await whyOf(await whyReaders(ctx, { dlq: false }), 'acme', id);
    expect(report.where.map((w) => w.state)).toEqual([state]);
    expect(report.where[0].detail).toMatch(detail);
  });

  it('the CLI answers with --json, dead letters of the record included, and knows when the record was read', async () => {
    const letter = deadLetterRecord({
      topic: kit.topic('oneroster.users'), partition: 0, errorClass: 'permanent', attempts: 1, failedAt: new Date(), error: new Error('tenant acme: user stu-1: bad phone'),
      message: { key: Buffer.from('acme|stu-1'), value: Buffer.from('{}'), offset: '0', timestamp: '0', attributes: 0, headers: { tenant: 'acme' } },
    });
    await kit.publisher.publishRaw(letter.topic, [letter.record]);
    const result = await runOps(['why', 'stu-1', '--tenant', 'acme', '--json'], kit.env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.read).toEqual([expect.objectContaining({ type: 'user', sourcedId: 'stu-1', run: 'full-1', runKind: 'full' })]);
    expect(report.where.map((w: { state: string }) => w.state)).toEqual(['applied', 'dead-lettered']);
    expect(report.where[1].detail).toContain('tenant acme: user stu-1: bad phone');

    const unknownTenant = await runOps(['why', 'stu-1', '--tenant', 'nope', '--no-dlq'], kit.env);
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr).toContain('tenant nope does not exist');
  });
});
