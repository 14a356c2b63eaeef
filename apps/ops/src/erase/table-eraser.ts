import type { DataSource } from 'typeorm';
import { ExtractorRepository, serviceStores } from '@rp/persistence';
import type { OpsContext } from '../ops-context';
import { postgresMention } from './record-match';

/** Rows erasure removed from one table. */
export interface TableErasure {
  store: string;
  table: string;
  removed: number;
}

type Tables = { name: string; hasTenant: boolean }[];

/** Base tables of a store's deployed schema, and whether each has a `tenant` column. */
async function tablesOf(ds: DataSource): Promise<Tables> {
  const schema = (ds.options as { schema?: string }).schema ?? 'public';
  const rows: { table_name: string; has_tenant: boolean }[] = await ds.query(
    `SELECT t.table_name, bool_or(c.column_name = 'tenant') AS has_tenant
       FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name)
      WHERE t.table_schema = $1 AND t.table_type = 'BASE TABLE' AND t.table_name NOT IN ('migrations', 'typeorm_metadata')
      GROUP BY t.table_name ORDER BY t.table_name`, [schema]);
  return rows.map((r) => ({ name: r.table_name, hasTenant: r.has_tenant }));
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> => {
  const [row] = await ds.query(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params);
  return row?.n ?? 0;
};

/**
 * The ids that name a person's records besides their sourcedId: their enrollments' sourcedIds (keys of
 * `oneroster.enrollments`, rows of the extractor's snapshot) and the IC result sourcedIds written for them (UUIDs
 * derived from the student: keys of `oneroster.gradebook-writes`, rows of `gradebook_written`).
 */
export async function personAliases(ctx: OpsContext, tenant: string, sourcedId: string): Promise<{ enrollments: string[]; results: string[] }> {
  const gradebook = await ctx.dataSource(serviceStores.gradebook);
  const results: { id: string }[] = await gradebook.query(
    `SELECT DISTINCT result_sourced_id AS id FROM gradebook_outcomes WHERE tenant = $1 AND student_sourced_id = $2 AND result_sourced_id IS NOT NULL`,
    [tenant, sourcedId]);
  const transformer = await ctx.dataSource(serviceStores.transformer);
  const enrollments: { id: string }[] = await transformer.query(
    `SELECT sourced_id AS id FROM transformer_entities WHERE tenant = $1 AND type = 'enrollment' AND record->'user'->>'sourcedId' = $2`,
    [tenant, sourcedId]);
  return { enrollments: enrollments.map((r) => r.id), results: results.map((r) => r.id) };
}

/**
 * Removes every row of the tenant naming one of `terms` from every table of every service schema: rows whose
 * columns mention a term are deleted; a loader import keeps its other items; another user listing the person
 * among their agents (a guardian) keeps their record without that link. `sourcedIds` (the person's and their
 * enrollments') are remembered by hash so the extractor does not extract them again while IC lists them as deleted.
 */
export async function erasePersonFromTables(ctx: OpsContext, tenant: string, terms: string[], sourcedIds: string[]): Promise<TableErasure[]> {
  const pattern = postgresMention(terms);
  const report: TableErasure[] = [];
  for (const [store, definition] of Object.entries(serviceStores)) {
    if (store === 'admin') continue; // tenants and their secrets name no student
    const ds = await ctx.dataSource(definition);
    for (const table of await tablesOf(ds)) {
      const removed = await eraseFromTable(ds, table.name, table.hasTenant, tenant, pattern, terms[0]);
      if (removed > 0) report.push({ store, table: table.name, removed });
    }
  }
  // IC may list them as tobedeleted for a while: the extractor must not bring them back (hashes only)
  await new ExtractorRepository(await ctx.dataSource(serviceStores.extractor)).recordErased(tenant, sourcedIds);
  return report;
}

async function eraseFromTable(ds: DataSource, table: string, hasTenant: boolean, tenant: string, pattern: string, sourcedId: string): Promise<number> {
  if (table === 'loader_plan_items') {
    return count(ds, `DELETE FROM loader_plan_items i USING loader_plans p WHERE i.plan_id = p.id AND p.tenant = $1 AND to_jsonb(i)::text ~ $2`, [tenant, pattern]);
  }
  if (!hasTenant) return 0;
  let removed = 0;
  if (table === 'transformer_entities') {
    removed += await count(ds,
      `UPDATE transformer_entities SET record = jsonb_set(record, '{agents}', COALESCE((SELECT jsonb_agg(a) FROM jsonb_array_elements(record->'agents') a WHERE a->>'sourcedId' <> $2), '[]'::jsonb))
        WHERE tenant = $1 AND type = 'user' AND sourced_id <> $2 AND jsonb_typeof(record->'agents') = 'array'
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(record->'agents') a WHERE a->>'sourcedId' = $2)`, [tenant, sourcedId]);
  }
  return removed + await count(ds, `DELETE FROM ${quoteIdent(table)} t WHERE t.tenant = $1 AND to_jsonb(t)::text ~ $2`, [tenant, pattern]);
}

/** Deletes every row of the tenant from every table of every service schema; the admin row (and secrets) last. */
export async function purgeTenantFromTables(ctx: OpsContext, tenant: string): Promise<TableErasure[]> {
  const report: TableErasure[] = [];
  const order = [...Object.keys(serviceStores).filter((s) => s !== 'admin'), 'admin'];
  for (const store of order) {
    const ds = await ctx.dataSource(serviceStores[store]);
    for (const table of await tablesOf(ds)) {
      if (!table.hasTenant && table.name !== 'tenants') continue; // loader_plan_items go with their plans (cascade)
      const column = table.name === 'tenants' ? 'id' : 'tenant';
      const removed = await count(ds, `DELETE FROM ${quoteIdent(table.name)} WHERE ${column} = $1`, [tenant]);
      if (removed > 0) report.push({ store, table: table.name, removed });
    }
  }
  return report;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
