import type { DataSource } from 'typeorm';
import type { LoaderImportItem } from './loader-import.entity';
import { loaderEntityKey, Queryable, rowsOf } from './loader-sql';

/** Items per INSERT when an import is recorded (12 parameters each as column arrays, so any size would do; this bounds one statement). */
const ITEMS_PER_INSERT = 10_000;

const COLUMNS = 'id, tenant, canvas_import_id, state, progress, counts, rows_per_type, message, created_at, finished_at';

/** A SIS import as the loader recorded it. */
export interface LoaderImport {
  id: string;
  tenant: string;
  canvasImportId: number | null;
  state: string;
  progress: number;
  counts: Record<string, number>;
  rowsPerType: Record<string, number>;
  /** Rows sent (the import's items are read apart, with `items`). */
  rows: number;
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** SIS imports posted by the loader (table loader_imports): what was sent, its progress and outcome. */
export class LoaderImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records an import before it is posted, with every row written (file and line) in loader_import_items, so a
   * restart can resume it; one transaction, the items in slices of ITEMS_PER_INSERT (column arrays, not one jsonb).
   */
  async start(tenant: string, items: readonly LoaderImportItem[], rowsPerType: Record<string, number>): Promise<string> {
    return this.dataSource.transaction(async (q) => {
      const id = await this.open(q, tenant);
      await this.addItems(q, id, tenant, items);
      await this.written(q, id, rowsPerType);
      return id;
    });
  }

  /**
   * Starts recording an import (state `posting`) in the caller's transaction `q`; its items follow page by page with
   * `addItems` as the zip is written, and `written` closes it with the rows per type (committed together: issue 17 item 5).
   */
  async open(q: Queryable, tenant: string): Promise<string> {
    const [row] = rowsOf<{ id: string }>(await q.query(`INSERT INTO loader_imports (tenant, state, rows_per_type) VALUES ($1, 'posting', '{}') RETURNING id`, [tenant]));
    return String(row.id);
  }

  /** Adds rows written into import `id` (column arrays, ITEMS_PER_INSERT per statement). */
  async addItems(q: Queryable, id: string, tenant: string, items: readonly LoaderImportItem[]): Promise<void> {
    for (let at = 0; at < items.length; at += ITEMS_PER_INSERT) {
      const slice = items.slice(at, at + ITEMS_PER_INSERT);
      const column = <K extends keyof LoaderImportItem>(key: K) => slice.map((i) => i[key] ?? null);
      await q.query(
        `INSERT INTO loader_import_items (import_id, tenant, canvas_type, sis_id, file, line, hash, op, school, sync_run, active, approved)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bool[], $12::bool[])`,
        [id, tenant, column('canvasType'), column('sisId'), column('file'), column('line'), column('hash'), column('op'), column('school'),
          column('syncRun'), column('active'), slice.map((i) => i.approved === true)],
      );
    }
  }

  /** The rows per type of an import whose items are all added. */
  async written(q: Queryable, id: string, rowsPerType: Record<string, number>): Promise<void> {
    await q.query(`UPDATE loader_imports SET rows_per_type = $2 WHERE id = $1`, [id, rowsPerType]);
  }

  /** The rows an import carried, in file and line order. */
  async items(id: string): Promise<LoaderImportItem[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT canvas_type, sis_id, file, line, hash, op, school, sync_run, active, approved FROM loader_import_items WHERE import_id = $1 ORDER BY file, line`,
      [id],
    );
    return rows.map(itemOf);
  }

  /**
   * The import's rows in pages of `pageSize` (keyset on the primary key, in type and SIS id order): how the recorder
   * goes through a batch of 50,000 rows without holding them all (issue 17 item 5). `q` reads within a transaction.
   */
  async *itemPages(id: string, pageSize: number, q: Queryable = this.dataSource): AsyncGenerator<LoaderImportItem[]> {
    let after = { canvasType: '', sisId: '' };
    for (;;) {
      const rows: Record<string, unknown>[] = await q.query(
        `SELECT canvas_type, sis_id, file, line, hash, op, school, sync_run, active, approved FROM loader_import_items
         WHERE import_id = $1 AND (canvas_type, sis_id) > ($2, $3) ORDER BY canvas_type, sis_id LIMIT $4`,
        [id, after.canvasType, after.sisId, pageSize],
      );
      if (rows.length === 0) return;
      const page = rows.map(itemOf);
      yield page;
      if (rows.length < pageSize) return;
      after = page[page.length - 1];
    }
  }

  /**
   * The import's rows a Canvas message can be about: on the line it names, or whose SIS id occurs in its text (a
   * superset of what `attributeImportMessages` picks, so attributing against these gives the same answer as against all).
   */
  async itemsNamedBy(id: string, messages: readonly { file: string; row: number | null; message: string }[]): Promise<LoaderImportItem[]> {
    if (messages.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT DISTINCT ii.canvas_type, ii.sis_id, ii.file, ii.line, ii.hash, ii.op, ii.school, ii.sync_run, ii.active, ii.approved
       FROM loader_import_items ii JOIN jsonb_to_recordset($2::jsonb) AS m(file text, row int, message text) ON ii.file = m.file
       WHERE ii.import_id = $1 AND (ii.line = m.row OR (ii.sis_id <> '' AND strpos(m.message, ii.sis_id) > 0))
       ORDER BY ii.file, ii.line`,
      [id, JSON.stringify(messages.map((m) => ({ file: m.file, row: m.row, message: m.message })))],
    );
    return rows.map(itemOf);
  }

  /**
   * Of the given entities, those an unfinished import of the tenant carries as active (created or updated, not
   * deleted): Canvas applies that import before any later one of the root account, so a later batch may reference them.
   */
  async activeInUnfinished(tenant: string, keys: readonly { canvasType: string; sisId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { canvas_type: string; sis_id: string }[] = await this.dataSource.query(
      `SELECT ii.canvas_type, ii.sis_id FROM loader_import_items ii JOIN loader_imports i ON i.id = ii.import_id
       JOIN unnest($2::text[], $3::text[]) AS x(canvas_type, sis_id) ON ii.canvas_type = x.canvas_type AND ii.sis_id = x.sis_id
       WHERE ii.tenant = $1 AND i.tenant = $1 AND i.finished_at IS NULL AND ii.active`,
      [tenant, keys.map((k) => k.canvasType), keys.map((k) => k.sisId)],
    );
    return new Set(rows.map((r) => loaderEntityKey(r.canvas_type, r.sis_id)));
  }

  /** The CSV file names of an import (how a restarted loader recognises it in Canvas). */
  async fileNames(id: string): Promise<string[]> {
    const rows: { file: string }[] = await this.dataSource.query(`SELECT DISTINCT file FROM loader_import_items WHERE import_id = $1 ORDER BY 1`, [id]);
    return rows.map((r) => r.file);
  }

  async posted(id: string, canvasImportId: number, state: string): Promise<void> {
    await this.dataSource.query(`UPDATE loader_imports SET canvas_import_id = $2, state = $3 WHERE id = $1`, [id, canvasImportId, state]);
  }

  async progress(id: string, state: string, progress: number): Promise<void> {
    await this.dataSource.query(`UPDATE loader_imports SET state = $2, progress = $3 WHERE id = $1`, [id, state, progress]);
  }

  /** Marks the import finished (terminal Canvas state, or a local failure such as a refused post). */
  async finish(q: Queryable, id: string, outcome: { state: string; counts?: Record<string, number>; message?: string | null }): Promise<void> {
    await q.query(
      `UPDATE loader_imports SET state = $2, counts = $3, message = $4, finished_at = now(),
         progress = CASE WHEN $2 IN ('imported', 'imported_with_messages') THEN 100 ELSE progress END WHERE id = $1`,
      [id, outcome.state, outcome.counts ?? {}, outcome.message ?? null],
    );
  }

  /** Imports not finished (at most LOADER_IMPORTS_IN_FLIGHT per tenant, oldest first): resumed by polling, never posted again. */
  async unfinished(tenant: string): Promise<LoaderImport[]> {
    return (await this.dataSource.query(`SELECT ${COLUMNS} FROM loader_imports WHERE tenant = $1 AND finished_at IS NULL ORDER BY id`, [tenant])).map(importOf);
  }

  /** Latest imports of a tenant (newest first), for status output and tests. */
  async list(tenant: string, limit = 50): Promise<LoaderImport[]> {
    const rows = rowsOf(await this.dataSource.query(`SELECT ${COLUMNS} FROM loader_imports WHERE tenant = $1 ORDER BY id DESC LIMIT $2`, [tenant, limit]));
    return rows.map(importOf);
  }
}

function importOf(r: Record<string, unknown>): LoaderImport {
  return {
    id: String(r.id),
    tenant: r.tenant as string,
    canvasImportId: r.canvas_import_id === null ? null : Number(r.canvas_import_id),
    state: r.state as string,
    progress: r.progress as number,
    counts: r.counts as Record<string, number>,
    rowsPerType: r.rows_per_type as Record<string, number>,
    rows: Object.values((r.rows_per_type as Record<string, number>) ?? {}).reduce((a, b) => a + b, 0),
    message: (r.message as string | null) ?? null,
    createdAt: r.created_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
  };
}

function itemOf(r: Record<string, unknown>): LoaderImportItem {
  return {
    file: r.file as string, line: r.line as number, canvasType: r.canvas_type as string, sisId: r.sis_id as string, hash: r.hash as string,
    op: r.op as string, school: (r.school as string | null) ?? null, syncRun: (r.sync_run as string | null) ?? null,
    active: r.active as boolean, approved: r.approved as boolean,
  };
}
