import type { DataSource } from 'typeorm';
import type { LoaderImportItem } from './loader-import.entity';
import { Queryable, rowsOf } from './loader-sql';

/** A SIS import as the loader recorded it. */
export interface LoaderImport {
  id: string;
  tenant: string;
  canvasImportId: number | null;
  state: string;
  progress: number;
  counts: Record<string, number>;
  rowsPerType: Record<string, number>;
  items: LoaderImportItem[];
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** SIS imports posted by the loader (table loader_imports): what was sent, its progress and outcome. */
export class LoaderImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an import before it is posted, with every row written (file and line), so a restart can resume it. */
  async start(tenant: string, items: LoaderImportItem[], rowsPerType: Record<string, number>): Promise<string> {
    const [row] = await this.dataSource.query(
      `INSERT INTO loader_imports (tenant, state, items, rows_per_type) VALUES ($1, 'posting', $2, $3) RETURNING id`,
      [tenant, JSON.stringify(items), rowsPerType],
    );
    return String(row.id);
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

  /** Imports not finished (at most one per tenant): resumed by polling, never posted again. */
  async unfinished(tenant: string): Promise<LoaderImport[]> {
    return (await this.dataSource.query(`SELECT * FROM loader_imports WHERE tenant = $1 AND finished_at IS NULL ORDER BY id`, [tenant])).map(importOf);
  }

  /** Latest imports of a tenant (newest first), for status output and tests. */
  async list(tenant: string, limit = 50): Promise<LoaderImport[]> {
    const rows = rowsOf(await this.dataSource.query(`SELECT * FROM loader_imports WHERE tenant = $1 ORDER BY id DESC LIMIT $2`, [tenant, limit]));
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
    items: r.items as LoaderImportItem[],
    message: (r.message as string | null) ?? null,
    createdAt: r.created_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
  };
}
