import type { CanvasEntityChange, ConsumedRecord } from '@rp/messaging';
import { headerText, PermanentError } from '@rp/messaging';
import type { Logger, TraceContextMemo } from '@rp/observability';
import type { PendingChange } from '@rp/persistence';

/** Set by `ops replay --force` (and carried on by the transformer). */
export const REPLAY_FORCE_HEADER = 'replay-force';

/** Key of a pending row's trace context in the loader's `TraceContextMemo`. */
export const pendingTraceKey = (tenant: string, canvasType: string, sisId: string) => `${tenant}|${canvasType}|${sisId}`;

/** The part of the pending-rows repository the handler needs. */
export interface PendingChangeStore {
  upsertChanges(changes: PendingChange[], receivedAt: Date): Promise<{ stored: number; unchanged: number }>;
}

/**
 * `canvas.*` consumer: every change becomes the entity's pending row (latest wins); a change equal to what
 * Canvas already has is dropped at once. Returns after the DB write, so the runtime then commits the offsets.
 */
export class CanvasChangeHandler {
  constructor(private readonly deps: { store: PendingChangeStore; clock: () => Date; logger: Logger; traces?: TraceContextMemo }) {}

  async handle(records: ConsumedRecord<CanvasEntityChange>[]): Promise<void> {
    const changes: PendingChange[] = [];
    for (const record of records) {
      const change = record.value;
      if (!change) continue; // tombstones follow applied deletes; nothing to do
      if (!change.tenant || !change.sisId || !change.contentHash) {
        throw new PermanentError(`${record.topic} offset ${record.offset}: a Canvas change needs tenant, sisId and contentHash; fix the producer`);
      }
      // The row waits in the table for its batch; the import span is parented on the latest record's trace.
      if (record.traceContext) this.deps.traces?.remember(pendingTraceKey(change.tenant, change.canvasType, change.sisId), record.traceContext);
      changes.push({
        tenant: change.tenant, canvasType: change.canvasType, sisId: change.sisId, row: change.row, hash: change.contentHash,
        op: change.op, school: change.school, syncRun: change.syncRun || null, sources: change.sources ?? [],
        force: headerText(record.headers, REPLAY_FORCE_HEADER) === 'true',
      });
    }
    if (changes.length === 0) return;
    const { stored, unchanged } = await this.deps.store.upsertChanges(changes, this.deps.clock());
    this.deps.logger.debug('canvas changes stored', { stored, unchanged });
  }
}
