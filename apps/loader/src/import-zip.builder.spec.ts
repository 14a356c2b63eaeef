import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { LoaderImportItem, PendingRow } from '@rp/persistence';
import { keyOf } from './domain/loader-row';
import { writeImportZip, ZIP_PAGE_ROWS, type BatchCells } from './import-zip.builder';

const user = (id: number, cells: Record<string, string> = {}): PendingRow => ({
  tenant: 'acme', canvasType: 'user', sisId: `U${id}`, row: { user_id: `U${id}`, login_id: `u${id}`, status: 'active', ...cells }, hash: `h${id}`,
  op: 'upsert', school: 'S1', syncRun: 'r1', sources: [], receivedAt: new Date(0), attempts: 0, waitingFor: null, planId: null, approved: false,
});

/** Cells kept apart, as in loader_pending: the rows handed to the builder carry only what planning reads. */
function storedCells(rows: PendingRow[], gone: Set<string> = new Set()): BatchCells & { pages: number[] } {
  const stored = new Map(rows.filter((r) => !gone.has(r.sisId)).map((r) => [keyOf(r), r.row]));
  const pages: number[] = [];
  return {
    pages,
    async columnsOf(page) {
      const columns = new Map<string, Set<string>>();
      for (const r of page) for (const column of Object.keys(stored.get(keyOf(r)) ?? {})) (columns.get(r.canvasType) ?? columns.set(r.canvasType, new Set()).get(r.canvasType)!).add(column);
      return columns;
    },
    async cellsOf(page) {
      pages.push(page.length);
      return new Map(page.flatMap((r) => (stored.has(keyOf(r)) ? [[keyOf(r), stored.get(keyOf(r))!] as const] : [])));
    },
  };
}

describe('writeImportZip (a batch streamed to the zip, issue 17 item 5)', () => {
  it('reads the cells and hands over the items page by page, never the whole batch, with the lines Canvas will number', async () => {
    const rows = Array.from({ length: 2 * ZIP_PAGE_ROWS + 7 }, (_, i) => user(i, i === 3 ? { email: 'x@example.org' } : {}));
    const cells = storedCells(rows);
    const pages: LoaderImportItem[][] = [];
    const { written } = await writeImportZip('acme', rows.map((r) => ({ ...r, row: { status: r.row.status } })), { cells, tag: 't1', onItems: async (items) => void pages.push(items) });
    try {
      expect(cells.pages).toEqual([ZIP_PAGE_ROWS, ZIP_PAGE_ROWS, 7]);
      expect(pages.map((p) => p.length)).toEqual([ZIP_PAGE_ROWS, ZIP_PAGE_ROWS, 7]);
      const items = pages.flat();
      expect(items[0]).toMatchObject({ file: 'rp-t1-users.csv', line: 2, sisId: 'U0', hash: 'h0', active: true });
      expect(items.at(-1)).toMatchObject({ line: rows.length + 1, sisId: `U${rows.length - 1}` });
      const csv = strFromU8(unzipSync(new Uint8Array(readFileSync(written!.zip.path)))['rp-t1-users.csv']).split('\r\n');
      // the header names the columns set in any row's stored cells (email only in U3's), not those of the planning rows
      expect(csv[0]).toBe('user_id,login_id,email,status');
      expect(csv[items[3].line - 1]).toBe('U3,u3,x@example.org,active');
      expect(csv[items.at(-1)!.line - 1]).toBe(`U${rows.length - 1},u${rows.length - 1},,active`);
    } finally {
      await written?.dispose();
    }
  });

  it('leaves out a row whose version is no longer the pending one (no item: it stays pending for a later batch)', async () => {
    const rows = [user(1), user(2), user(3)];
    const items: LoaderImportItem[] = [];
    const { written } = await writeImportZip('acme', rows, { cells: storedCells(rows, new Set(['U2'])), tag: 't2', onItems: async (page) => void items.push(...page) });
    await written?.dispose();
    expect(items.map((i) => [i.sisId, i.line])).toEqual([['U1', 2], ['U3', 3]]);
    expect(written?.rowsPerType).toEqual({ user: 2 });
  });
});
