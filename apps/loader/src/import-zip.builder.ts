import { randomBytes } from 'node:crypto';
import { CanvasRowError, decodeCanvasRow, SisImportZipWriter, sisKindOf, type SisCsvKind, type SisImportZip } from '@rp/canvas';
import type { LoaderImportItem, PendingRow } from '@rp/persistence';
import { isDestructive } from './domain/destructive-change';
import { keyOf } from './domain/loader-row';
import { sisColumnsOf } from './domain/sis-rows';

/** Rows whose cells are read and written at once: the batch (up to 50,000 rows) never is (issue 17 item 5). */
export const ZIP_PAGE_ROWS = 2_000;

export interface BuiltImport {
  zip: SisImportZip;
  /** Every row written, with its file and line (header = 1) — the map for attributing Canvas's messages. */
  items: LoaderImportItem[];
  rowsPerType: Record<string, number>;
  dispose(): Promise<void>;
}

export interface RejectedRow {
  row: PendingRow;
  message: string;
}

/** Where a batch's cells come from: the rows themselves, or PostgreSQL page by page (`PendingRow.row` then holds only what planning reads). */
export interface BatchCells {
  /** The columns set in any of the rows' cells, per Canvas type. */
  columnsOf(rows: readonly PendingRow[]): Promise<Map<string, Iterable<string>>>;
  /** The rows' cells by entity key; a row left out is not written (its version is no longer the pending one). */
  cellsOf(rows: readonly PendingRow[]): Promise<Map<string, Record<string, string>>>;
}

/** The rows carry their cells (`LoaderPendingRepository.eligible`). */
export const cellsInRows: BatchCells = {
  async columnsOf(rows) {
    const columns = new Map<string, Set<string>>();
    for (const row of rows) {
      const set = columns.get(row.canvasType) ?? columns.set(row.canvasType, new Set()).get(row.canvasType)!;
      for (const [column, value] of Object.entries(row.row)) if (value !== undefined) set.add(column);
    }
    return columns;
  },
  async cellsOf(rows) {
    return new Map(rows.map((row) => [keyOf(row), row.row]));
  },
};

/** A zip written by `writeImportZip`; its items went to `onItems` page by page. */
export interface WrittenImport {
  zip: SisImportZip;
  rowsPerType: Record<string, number>;
  dispose(): Promise<void>;
}

export interface ImportZipOptions {
  tmpDir?: string;
  /** Tags the CSV names `rp-<tag>-users.csv` (so a restarted loader can find the import in Canvas by its files). */
  tag?: string;
  cells?: BatchCells;
  /** Receives each page's written rows (file and line), in order, as the zip is written. */
  onItems(items: LoaderImportItem[]): Promise<void>;
}

/**
 * Writes the batch's rows into one SIS import zip (Canvas order). The cells are read and written ZIP_PAGE_ROWS rows at a
 * time (the CSVs stream to disk) and each page's items go to `onItems`: neither the batch's cells nor its items are held
 * at once (issue 17 item 5). Each kind's rows keep the batch's order. A row Canvas would refuse is not written and comes
 * back in `rejected`; `written` is undefined when no row could be written.
 */
export async function writeImportZip(tenant: string, rows: readonly PendingRow[], options: ImportZipOptions): Promise<{ written?: WrittenImport; rejected: RejectedRow[] }> {
  const cells = options.cells ?? cellsInRows;
  const tag = options.tag ?? randomBytes(6).toString('hex');
  const writer = await SisImportZipWriter.create({ tenant, tmpDir: options.tmpDir, columns: await headersOf(rows, cells), fileNamePrefix: `rp-${tag}-` });
  const rejected: RejectedRow[] = [];
  const rowsPerType: Record<string, number> = {};
  const written = new Map<SisCsvKind, number>();
  try {
    for (let at = 0; at < rows.length; at += ZIP_PAGE_ROWS) {
      const page = rows.slice(at, at + ZIP_PAGE_ROWS);
      const cellsByKey = await cells.cellsOf(page);
      const items: LoaderImportItem[] = [];
      for (const row of page) {
        const rowCells = cellsByKey.get(keyOf(row));
        if (!rowCells) continue;
        const kind = sisKindOf(row.canvasType);
        try {
          await writer.writeEntity(decodeCanvasRow(row.canvasType, rowCells, { tenant, sisId: row.sisId }));
        } catch (error) {
          if (!(error instanceof CanvasRowError)) throw error;
          rejected.push({ row, message: error.message });
          continue;
        }
        rowsPerType[row.canvasType] = (rowsPerType[row.canvasType] ?? 0) + 1;
        written.set(kind, (written.get(kind) ?? 0) + 1);
        items.push({
          file: writer.fileNameOf(kind), line: written.get(kind)! + 1, canvasType: row.canvasType, sisId: row.sisId, hash: row.hash,
          op: row.op, school: row.school, syncRun: row.syncRun, active: !isDestructive(row), approved: row.approved,
        });
      }
      if (items.length > 0) await options.onItems(items);
    }
    if (written.size === 0) {
      await writer.dispose();
      return { rejected };
    }
    const zip = await writer.finish();
    return { written: { zip, rowsPerType, dispose: () => writer.dispose() }, rejected };
  } catch (error) {
    await writer.dispose();
    throw error;
  }
}

/** `writeImportZip` with the items kept and returned (small batches and tests: the loader records them page by page). */
export async function buildImportZip(
  tenant: string, rows: readonly PendingRow[], tmpDir?: string, tag?: string, cells?: BatchCells,
): Promise<{ built?: BuiltImport; rejected: RejectedRow[] }> {
  const items: LoaderImportItem[] = [];
  const { written, rejected } = await writeImportZip(tenant, rows, { tmpDir, tag, cells, onItems: async (page) => void items.push(...page) });
  return { built: written && { ...written, items }, rejected };
}

/** Each file's header: the columns set in any of the batch's rows of its kind (read page by page). */
async function headersOf(rows: readonly PendingRow[], cells: BatchCells): Promise<{ [K in SisCsvKind]?: string[] }> {
  const set = new Map<SisCsvKind, Set<string>>();
  for (let at = 0; at < rows.length; at += ZIP_PAGE_ROWS) {
    for (const [canvasType, columns] of await cells.columnsOf(rows.slice(at, at + ZIP_PAGE_ROWS))) {
      const kind = sisKindOf(canvasType);
      const ofKind = set.get(kind) ?? set.set(kind, new Set()).get(kind)!;
      for (const column of columns) ofKind.add(column);
    }
  }
  return Object.fromEntries([...set].map(([kind, columns]) => [kind, sisColumnsOf(kind, columns)]));
}
