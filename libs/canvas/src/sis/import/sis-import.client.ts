import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CanvasPermanentError, CanvasRetriableError } from '../../errors/canvas.error';
import type { CanvasHttpClient } from '../../http/canvas-http.client';
import { systemClock, type Clock } from '../../http/ports';
import { idSegment, type CanvasIdRef } from '../../http/sis-id';
import { sisImportQuery } from './sis-import.options';
import {
  TERMINAL_SIS_IMPORT_STATES, type CanvasProgress, type SisImport, type SisImportError, type SisImportOptions,
  type SisImportOutcome,
} from './sis-import.types';

export interface SisImportPolling {
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** Give up waiting (the import keeps running in Canvas) after this long; default 12 h. */
  timeoutMs?: number;
}

export interface WaitOptions {
  onProgress?: (sisImport: SisImport) => void;
  signal?: AbortSignal;
}

/** SIS Imports API: post a zip, poll it to a terminal state, read its errors, abort and restore. */
export class SisImportClient {
  private readonly clock: Clock;

  constructor(
    private readonly http: CanvasHttpClient,
    private readonly options: { clock?: Clock; polling?: SisImportPolling } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Uploads a zip (streamed from disk) as `instructure_csv`; returns the created import. */
  async create(account: CanvasIdRef, zipPath: string, options: SisImportOptions = {}): Promise<SisImport> {
    const query = sisImportQuery(options, this.http.tenant);
    const size = (await stat(zipPath)).size;
    if (size === 0) throw new CanvasPermanentError(`${zipPath} is empty`, 'build the zip with SisImportZipWriter', { tenant: this.http.tenant });
    const response = await this.http.request<SisImport>({
      method: 'POST',
      path: `${this.base(account)}/sis_imports`,
      query,
      contentType: 'application/zip',
      body: () => Readable.toWeb(createReadStream(zipPath)) as ReadableStream<Uint8Array>,
    });
    return response.data;
  }

  /** Imports created at or after `createdSince`, newest first (GET …/sis_imports?created_since=). */
  async *list(account: CanvasIdRef, options: { createdSince?: Date } = {}): AsyncGenerator<SisImport> {
    const query = options.createdSince ? { created_since: options.createdSince.toISOString() } : {};
    yield* this.http.paginate<SisImport>(`${this.base(account)}/sis_imports`, query, (body) => (body as { sis_imports: SisImport[] }).sis_imports);
  }

  async get(account: CanvasIdRef, id: number): Promise<SisImport> {
    return (await this.http.request<SisImport>({ path: `${this.base(account)}/sis_imports/${id}` })).data;
  }

  /** Polls with growing delays until the import is terminal, then returns counts, warnings and errors. */
  async waitForCompletion(account: CanvasIdRef, id: number, wait: WaitOptions = {}): Promise<SisImportOutcome> {
    const polling = this.options.polling ?? {};
    const deadline = this.clock.now() + (polling.timeoutMs ?? 12 * 3_600_000);
    let delay = polling.initialDelayMs ?? 2_000;
    for (;;) {
      const current = await this.get(account, id);
      wait.onProgress?.(current);
      if (TERMINAL_SIS_IMPORT_STATES.includes(current.workflow_state)) return outcomeOf(current);
      if (wait.signal?.aborted) {
        throw new CanvasRetriableError(`stopped waiting for SIS import ${id} (${current.workflow_state})`, 'the import continues in Canvas; resume polling it', { tenant: this.http.tenant, what: `SIS import ${id}` });
      }
      if (this.clock.now() + delay > deadline) {
        throw new CanvasRetriableError(`SIS import ${id} still ${current.workflow_state} at ${current.progress}% after the polling timeout`, 'Canvas runs one import at a time per root account; poll it again later', { tenant: this.http.tenant, what: `SIS import ${id}` });
      }
      await this.clock.sleep(delay);
      delay = Math.min(polling.maxDelayMs ?? 60_000, Math.round(delay * (polling.factor ?? 1.5)));
    }
  }

  /** Posts and waits: the usual loader call. */
  async importZip(account: CanvasIdRef, zipPath: string, options: SisImportOptions = {}, wait: WaitOptions = {}): Promise<SisImportOutcome> {
    const created = await this.create(account, zipPath, options);
    return this.waitForCompletion(account, created.id, wait);
  }

  /** Aborts one unfinished import (the next one starts about 10 minutes later). */
  async abort(account: CanvasIdRef, id: number): Promise<SisImport> {
    return (await this.http.request<SisImport>({ method: 'PUT', path: `${this.base(account)}/sis_imports/${id}/abort` })).data;
  }

  async abortAllPending(account: CanvasIdRef): Promise<boolean> {
    return (await this.http.request<{ aborted: boolean }>({ method: 'PUT', path: `${this.base(account)}/sis_imports/abort_all_pending` })).data.aborted;
  }

  /** Undoes the state changes of one import; returns the Canvas Progress to follow. */
  async restoreStates(account: CanvasIdRef, id: number, options: { batch_mode?: boolean; undelete_only?: boolean; unconclude_only?: boolean } = {}): Promise<CanvasProgress> {
    if (options.undelete_only && options.unconclude_only) {
      throw new CanvasPermanentError('undelete_only and unconclude_only cannot be combined', 'choose one', { tenant: this.http.tenant, what: `restore SIS import ${id}` });
    }
    return (await this.http.request<CanvasProgress>({ method: 'PUT', path: `${this.base(account)}/sis_imports/${id}/restore_states`, query: { ...options } })).data;
  }

  /** Row-level errors of one import (`row` 1 = header). */
  async *listErrors(account: CanvasIdRef, id: number): AsyncGenerator<SisImportError> {
    yield* this.http.paginate<SisImportError>(`${this.base(account)}/sis_imports/${id}/errors`, {}, (body) => (body as { sis_import_errors: SisImportError[] }).sis_import_errors);
  }

  private base(account: CanvasIdRef): string {
    return `/api/v1/accounts/${idSegment(account)}`;
  }
}

/** Flattens a terminal SisImport into what the loader records. */
export function outcomeOf(sisImport: SisImport): SisImportOutcome {
  const pairs = (list?: [string, string][] | null) => (list ?? []).map(([file, message]) => ({ file, message }));
  return {
    id: sisImport.id,
    state: sisImport.workflow_state,
    succeeded: sisImport.workflow_state === 'imported' || sisImport.workflow_state === 'imported_with_messages',
    counts: sisImport.data?.counts ?? {},
    warnings: pairs(sisImport.processing_warnings),
    errors: pairs(sisImport.processing_errors),
    errorsAttachment: sisImport.errors_attachment ?? undefined,
    import: sisImport,
  };
}
