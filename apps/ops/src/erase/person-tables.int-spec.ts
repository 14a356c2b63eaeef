import { Client } from 'pg';
import { serviceStores } from '@rp/persistence';
import { testServices, uniqueName } from '@rp/testing';
import { DefaultOpsContext } from '../ops-context';
import { erasePersonFromTables, personAliases } from './table-eraser';

jest.setTimeout(120_000);

const services = testServices();
const schemaPrefix = `${uniqueName('ops_erase').replace(/[^a-z0-9]/g, '_')}_`;
const ctx = new DefaultOpsContext({ env: { DATABASE_URL: services.databaseUrl, DB_SCHEMA_PREFIX: schemaPrefix }, stdout: () => undefined, stderr: () => undefined });
const s = (store: string) => `"${schemaPrefix}${store}"`;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  try {
    return (await pg.query(text, params)).rows as T[];
  } finally {
    await pg.end();
  }
}


beforeAll(async () => {
  for (const store of ['gradebook', 'loader', 'transformer', 'extractor']) await ctx.dataSource(serviceStores[store]);
  await sql(`INSERT INTO ${s('gradebook')}.gradebook_outcomes (tenant, outcome_key, kind, student_sourced_id, result_sourced_id, status, updated_at)
    VALUES ('acme', 'o-1', 'result', 'stu-1', 'res-1', 'sent', now()), ('acme', 'o-2', 'result', 'stu-10', 'res-2', 'sent', now())`);
  await sql(`INSERT INTO ${s('gradebook')}.gradebook_written (tenant, sourced_id, kind, written_at) VALUES ('acme', 'res-1', 'result', now()), ('acme', 'res-2', 'result', now())`);
  const [imported] = await sql<{ id: string }>(`INSERT INTO ${s('loader')}.loader_imports (tenant, state) VALUES ('acme', 'imported') RETURNING id`);
  await sql(`INSERT INTO ${s('loader')}.loader_import_items (import_id, tenant, canvas_type, sis_id, file, line, hash, op, active)
    VALUES ($1, 'acme', 'user', 'stu-1', 'users.csv', 2, 'h', 'upsert', true), ($1, 'acme', 'user', 'stu-10', 'users.csv', 3, 'h', 'upsert', true)`, [imported.id]);
  const entity = (tenant: string, type: string, id: string, record: object) =>
    sql(`INSERT INTO ${s('transformer')}.transformer_entities (tenant, type, sourced_id, record) VALUES ($1, $2, $3, $4::jsonb)`, [tenant, type, id, JSON.stringify(record)]);
  await entity('acme', 'user', 'stu-1', { sourcedId: 'stu-1', givenName: 'Ada' });
  await entity('acme', 'user', 'par-1', { sourcedId: 'par-1', agents: [{ sourcedId: 'stu-1' }, { sourcedId: 'stu-10' }] });
  await entity('acme', 'enrollment', 'e-1', { sourcedId: 'e-1', user: { sourcedId: 'stu-1' } });
  await entity('beta', 'user', 'stu-1', { sourcedId: 'stu-1', givenName: 'Other district' });
  await sql(`INSERT INTO ${s('extractor')}.extractor_snapshot (tenant, entity_type, sourced_id, hash, last_seen_run) VALUES ('acme', 'enrollment', 'e-1', 'h', 'r'), ('acme', 'user', 'stu-10', 'h', 'r')`);
});

afterAll(async () => {
  await ctx.close();
  for (const store of Object.values(serviceStores)) await sql(`DROP SCHEMA IF EXISTS "${schemaPrefix}${store.schema}" CASCADE`);
});

describe('erasing a person from the tables', () => {
  it("removes their rows, results and enrollments, strips them from imports and guardians, and keeps everyone else's", async () => {
    const aliases = await personAliases(ctx, 'acme', 'stu-1');
    expect(aliases).toEqual({ enrollments: ['e-1'], results: ['res-1'] });
    const report = await erasePersonFromTables(ctx, 'acme', ['stu-1', ...aliases.enrollments, ...aliases.results], ['stu-1', 'e-1']);
    expect(report).toEqual(expect.arrayContaining([
      { store: 'gradebook', table: 'gradebook_outcomes', removed: 1 }, { store: 'gradebook', table: 'gradebook_written', removed: 1 },
      { store: 'loader', table: 'loader_import_items', removed: 1 }, { store: 'extractor', table: 'extractor_snapshot', removed: 1 },
    ]));

    expect(await sql(`SELECT student_sourced_id FROM ${s('gradebook')}.gradebook_outcomes`)).toEqual([{ student_sourced_id: 'stu-10' }]);
    expect(await sql(`SELECT sourced_id FROM ${s('gradebook')}.gradebook_written`)).toEqual([{ sourced_id: 'res-2' }]);
    expect(await sql(`SELECT sis_id FROM ${s('loader')}.loader_import_items`)).toEqual([{ sis_id: 'stu-10' }]);
    expect(await sql(`SELECT state FROM ${s('loader')}.loader_imports`)).toEqual([{ state: 'imported' }]);
    const entities = await sql<{ tenant: string; sourced_id: string; record: { agents?: unknown } }>(
      `SELECT tenant, sourced_id, record FROM ${s('transformer')}.transformer_entities ORDER BY tenant, sourced_id`);
    expect(entities.map((e) => `${e.tenant}:${e.sourced_id}`)).toEqual(['acme:par-1', 'beta:stu-1']);
    expect(entities[0].record.agents).toEqual([{ sourcedId: 'stu-10' }]);
    expect(await sql(`SELECT sourced_id FROM ${s('extractor')}.extractor_snapshot`)).toEqual([{ sourced_id: 'stu-10' }]);
    const erased = await sql<{ id_sha256: string }>(`SELECT id_sha256 FROM ${s('extractor')}.extractor_erased WHERE tenant = 'acme'`);
    expect(erased).toHaveLength(2);
    expect(JSON.stringify(erased)).not.toContain('stu-1');
  });
});
