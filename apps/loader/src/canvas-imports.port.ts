import { CanvasHttpClient, SisImportClient, type SisImportOutcome } from '@rp/canvas';
import type { TenantConnection } from '@rp/persistence';
import type { ImportRowMessage } from './domain/error-attribution';

/** The SIS Imports API of one tenant's Canvas root account. */
export interface CanvasImportsPort {
  create(zipPath: string): Promise<{ id: number; state: string }>;
  /** Polls to a terminal state; throws a retriable error when `signal` aborts (the import keeps running in Canvas). */
  wait(id: number, options: { onProgress: (state: string, progress: number) => void; signal: AbortSignal }): Promise<SisImportOutcome>;
  /**
   * The import created at or after `since` whose files include one of `fileNames` (the loader names its CSVs
   * uniquely per import), or undefined: how a restarted loader finds an import it posted but did not record.
   */
  findPosted(fileNames: readonly string[], since: Date): Promise<{ id: number; state: string } | undefined>;
  /** Row-level messages with their row numbers. */
  rowMessages(id: number): Promise<ImportRowMessage[]>;
}

export interface ImportPolling {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** The real port over `@rp/canvas` (one client and rate-limit governor per tenant token). */
export function canvasImportsFor(connection: TenantConnection, polling: ImportPolling): CanvasImportsPort {
  const http = new CanvasHttpClient({ baseUrl: connection.canvas.baseUrl, token: connection.canvas.token, tenant: connection.id });
  const client = new SisImportClient(http, { polling: { initialDelayMs: polling.initialDelayMs, maxDelayMs: polling.maxDelayMs, factor: 1.5 } });
  const account = connection.canvas.rootAccountId || 'self';
  return {
    async create(zipPath) {
      const created = await client.create(account, zipPath);
      return { id: created.id, state: created.workflow_state };
    },
    async findPosted(fileNames, since) {
      const wanted = new Set(fileNames);
      for await (const found of client.list(account, { createdSince: since })) {
        const names = (found.csv_attachments ?? []).flatMap((f) => [f.display_name, f.filename]);
        if (names.some((name) => name !== undefined && wanted.has(name))) return { id: found.id, state: found.workflow_state };
      }
      return undefined;
    },
    wait: (id, options) => client.waitForCompletion(account, id, { signal: options.signal, onProgress: (i) => options.onProgress(i.workflow_state, i.progress) }),
    async rowMessages(id) {
      const messages: ImportRowMessage[] = [];
      for await (const e of client.listErrors(account, id)) messages.push({ file: e.file, message: e.message, row: e.row ?? null });
      return messages;
    },
  };
}
