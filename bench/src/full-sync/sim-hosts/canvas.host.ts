/**
 * The full-sync benchmark's Canvas simulator in its own process (forked by the driver, see sim-process.ts): one root
 * account for the tenant, no throttle, import content forgotten once applied; answers the driver's questions about
 * imports and users so the driver never holds the Canvas state.
 *   args: <account key> <token> <rows per second applied, 0 = as fast as it can>
 */
import { startCanvasSimulator } from '@rp/sim-canvas';
import { entityRows, type ImportSummary } from '../import-timeline';
import { importSpeedFor } from './import-speed';
import { serveSimCalls } from './sim-process';

/** What the Canvas host reports once it serves. */
export interface CanvasHostInfo {
  baseUrl: string;
  rootAccountId: string;
  importSpeed: { rowsPerStep: number; stepDelayMs: number };
}

async function main(account: string, token: string, rowsPerSecond: number): Promise<void> {
  const importSpeed = importSpeedFor(rowsPerSecond);
  const canvas = await startCanvasSimulator({
    rootAccounts: [{ key: account, tokens: [token], name: account, shard: 3 }], throttle: false, retainImportContent: false, importSpeed,
  });
  const state = canvas.state.get(account)!;
  const info: CanvasHostInfo = { baseUrl: canvas.baseUrl, rootAccountId: String(state.rootAccount.id), importSpeed };
  serveSimCalls(info, {
    imports: (): ImportSummary[] => canvas.admin.imports(account).map((rec) => ({
      id: rec.id, workflowState: rec.workflowState, createdAt: rec.createdAt, startedAt: rec.startedAt, endedAt: rec.endedAt, rows: entityRows(rec.counts),
    })),
    /** The Canvas name of the user with this SIS id, or null. */
    userName: (sisId: string) => state.bySis(state.users, sisId)?.name ?? null,
  }, () => canvas.close());
}

main(process.argv[2]!, process.argv[3]!, Number(process.argv[4] ?? 0)).catch((e: Error) => {
  process.stderr.write(`Canvas simulator host failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
