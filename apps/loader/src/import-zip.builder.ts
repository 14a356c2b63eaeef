import { randomBytes } from 'node:crypto';
import { CanvasRowError, decodeCanvasRow, SIS_CSV_KINDS, SisImportZipWriter, sisKindOf, type SisCsvKind, type SisImportZip } from '@rp/canvas';
import type { LoaderImportItem, PendingRow } from '@rp/persistence';
import { isDestructive } from './domain/destructive-change';
import { sisColumnsFor } from './domain/sis-rows';

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

/**
 * Writes the batch's rows into one SIS import zip (Canvas order), its CSVs named `rp-<tag>-users.csv` with a tag of
 * its own (so a restarted loader can find the import in Canvas by its files). A row Canvas would refuse is not
 * written and comes back in `rejected`; `built` is undefined when no row could be written.
 */
export async function buildImportZip(tenant: string, rows: readonly PendingRow[], tmpDir?: string, tag = randomBytes(6).toString('hex')): Promise<{ built?: BuiltImport; rejected: RejectedRow[] }> {
  const byKind = new Map<SisCsvKind, PendingRow[]>();
  for (const row of rows) {
    const kind = sisKindOf(row.canvasType);
    const ofKind = byKind.get(kind);
    if (ofKind) ofKind.push(row); // (not a copy per row: batches hold tens of thousands)
    else byKind.set(kind, [row]);
  }
  const columns = Object.fromEntries([...byKind].map(([kind, kindRows]) => [kind, sisColumnsFor(kind, kindRows.map((r) => r.row))]));
  const writer = await SisImportZipWriter.create({ tenant, tmpDir, columns, fileNamePrefix: `rp-${tag}-` });
  const items: LoaderImportItem[] = [];
  const rejected: RejectedRow[] = [];
  const rowsPerType: Record<string, number> = {};
  try {
    for (const kind of SIS_CSV_KINDS) {
      let written = 0;
      for (const row of byKind.get(kind) ?? []) {
        try {
          await writer.writeEntity(decodeCanvasRow(row.canvasType, row.row, { tenant, sisId: row.sisId }));
        } catch (error) {
          if (!(error instanceof CanvasRowError)) throw error;
          rejected.push({ row, message: error.message });
          continue;
        }
        written += 1;
        rowsPerType[row.canvasType] = (rowsPerType[row.canvasType] ?? 0) + 1;
        items.push({
          file: writer.fileNameOf(kind), line: written + 1, canvasType: row.canvasType, sisId: row.sisId, hash: row.hash,
          op: row.op, school: row.school, syncRun: row.syncRun, active: !isDestructive(row), approved: row.approved,
        });
      }
    }
    if (items.length === 0) {
      await writer.dispose();
      return { rejected };
    }
    const zip = await writer.finish();
    return { built: { zip, items, rowsPerType, dispose: () => writer.dispose() }, rejected };
  } catch (error) {
    await writer.dispose();
    throw error;
  }
}
