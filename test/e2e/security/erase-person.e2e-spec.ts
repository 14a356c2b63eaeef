import { Client } from 'pg';
import type { ClassRecord, EnrollmentRecord } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, lastImportId, Pipeline,
  readTopicToEnd, rosterOf, rowKey, startCanvas,
} from '../support';

/** A person with ids and names found nowhere else in the district, so any occurrence is a trace of them. */
const PERSON = {
  sourcedId: 'e2e-erased-student', givenName: 'Erasmus', familyName: 'Forgetmenot',
  email: 'erasmus.forgetmenot@students.example.org', username: 'erasmus.forgetmenot', identifier: '288888888',
};
const TRACES = [PERSON.sourcedId, PERSON.givenName, PERSON.familyName, PERSON.email];

/**
 * Acceptance (issue 15, PII lifecycle): a student who left the district is deleted from Canvas with a row carrying
 * no name or e-mail and tombstoned on the compacted topics; after `ops erase person`, reading every topic of the
 * deployment from the beginning and every table of its schemas finds no trace of their sourcedId, name or e-mail,
 * and the rest of the district is intact (Canvas still has everyone else) — also after a full sync while IC still
 * lists the student as tobedeleted (the extractor remembers the erased ids by hash only).
 */
describe('PII erasure end to end: ops erase person leaves no trace of a student', () => {
  const env = new E2eEnv('erase');
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme']);
    acme = await addDistrict(env, canvas, { tenant: 'acme', seed: 15 });
    const sis = acme.ic.admin.sis;
    const classes = (acme.ic.admin.store.all('classes') as ClassRecord[]).filter((c) => c.status === 'active');
    const school = classes[0].schoolSourcedId;
    sis.add('users', {
      sourcedId: PERSON.sourcedId, username: PERSON.username, userIds: [{ type: 'studentNumber', identifier: PERSON.identifier }],
      enabledUser: true, givenName: PERSON.givenName, familyName: PERSON.familyName, roles: [{ roleType: 'primary', role: 'student', orgSourcedId: school }],
      primaryOrgSourcedId: school, identifier: PERSON.identifier, email: PERSON.email, agentSourcedIds: [], grades: ['09'],
    });
    const inSchool = classes.filter((c) => c.schoolSourcedId === school);
    sis.addEnrollment({ sourcedId: 'e2e-erased-enr-a', userSourcedId: PERSON.sourcedId, classSourcedId: inSchool[0].sourcedId, role: 'student' });
    sis.addEnrollment({ sourcedId: 'e2e-erased-enr-b', userSourcedId: PERSON.sourcedId, classSourcedId: inSchool[1].sourcedId, role: 'student' });
    pipeline = await Pipeline.start(env);
    expect((await pipeline.sync('acme', 'full')).phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme');
    expect(canvasSnapshot(canvas, 'acme').users[PERSON.sourcedId]).toMatchObject({ name: `${PERSON.givenName} ${PERSON.familyName}` });
  }, 420_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('deletes the departed student from Canvas with a row naming no one, and tombstones their keys once applied', async () => {
    const sis = acme.ic.admin.sis;
    const baseline = lastImportId(canvas, 'acme');
    sis.markDeleted('users', PERSON.sourcedId);
    for (const e of acme.ic.admin.store.all('enrollments') as EnrollmentRecord[]) if (e.userSourcedId === PERSON.sourcedId) sis.markDeleted('enrollments', e.sourcedId);
    expect((await pipeline.sync('acme', 'delta')).phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme');

    expect(canvasSnapshot(canvas, 'acme').users[PERSON.sourcedId]).toBeUndefined();
    const userRow = importedRows(canvas, 'acme', baseline).find((r) => rowKey(r) === `user:${PERSON.sourcedId}`)!;
    expect(userRow.values).toEqual({ user_id: PERSON.sourcedId, login_id: PERSON.sourcedId, status: 'deleted' });

    const latest = async (topic: string, key: string) => (await readTopicToEnd(env, env.topic(topic))).filter((r) => r.key === key).pop();
    expect((await latest('oneroster.users', `acme|${PERSON.sourcedId}`))?.value).toBeNull();
    expect((await latest('canvas.users', `acme|user|${PERSON.sourcedId}`))?.value).toBeNull();
  }, 300_000);

  it('after ops erase person, no topic record and no table row names the student; everyone else is intact', async () => {
    // IC still lists them as tobedeleted: erasure must hold through later syncs too
    const erased = await pipeline.ops(['erase', 'person', '--tenant', 'acme', '--sourced-id', PERSON.sourcedId, '--yes', '--wait-seconds', '240']);
    expect({ code: erased.code, stderr: erased.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(erased.stdout).toContain('Nothing is left in any topic or table.');
    expect(erased.stdout).toMatch(/transformer\s+transformer_entities\s+[1-9]/);
    const roster = rosterOf(acme.ic.admin.store);
    const baseline = lastImportId(canvas, 'acme');
    expect((await pipeline.sync('acme', 'full')).phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme');
    expect(importedRows(canvas, 'acme', baseline)).toEqual([]); // nothing brought back, nothing else changed

    const topics = (await env.withAdmin((admin) => admin.listTopics())).filter((t) => t.startsWith(env.topicPrefix));
    const found: string[] = [];
    let othersOnUsers = 0;
    for (const topic of topics) {
      for (const record of await readTopicToEnd(env, topic)) {
        const text = [record.key ?? '', JSON.stringify(record.headers), record.value?.toString('utf8') ?? ''].join(' ');
        for (const trace of TRACES) if (text.includes(trace)) found.push(`${topic} ${record.key}: ${trace}`);
        if (topic === env.topic('oneroster.users') && record.value !== null) othersOnUsers++;
      }
    }
    expect(found).toEqual([]);
    expect(othersOnUsers).toBeGreaterThan(10);

    const rows = await everyTableRow(env);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((row) => TRACES.some((trace) => row.text.includes(trace))).map((row) => `${row.table}: ${row.text.slice(0, 200)}`)).toEqual([]);

    expect(diffViews(canvasSnapshot(canvas, 'acme'), expectedCanvas(roster))).toEqual([]);
  }, 600_000);
});

/** Every row of every table in the test's schemas, as JSON text. */
async function everyTableRow(env: E2eEnv): Promise<{ table: string; text: string }[]> {
  const client = new Client({ connectionString: env.services.databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE $1 AND table_type = 'BASE TABLE'`, [`${env.schemaPrefix}%`]);
    const out: { table: string; text: string }[] = [];
    for (const t of tables) {
      const { rows } = await client.query<{ text: string }>(`SELECT to_jsonb(t)::text AS text FROM "${t.table_schema}"."${t.table_name}" t`);
      for (const row of rows) out.push({ table: `${t.table_schema}.${t.table_name}`, text: row.text });
    }
    return out;
  } finally {
    await client.end();
  }
}
