import { RetriableError } from '@rp/messaging';
import type { SisImportOutcome } from '@rp/canvas';
import { pipelineMetrics } from '@rp/observability';
import { loaderEntityKey, type LoaderImport, type LoaderImportItem } from '@rp/persistence';
import type { CanvasImportsPort } from './canvas-imports.port';
import { appliedDeletesToTombstone } from './domain/applied-deletes';
import { attributeImportMessages, type ImportRowMessage } from './domain/error-attribution';
import { importProgressMessage } from './domain/import-progress';
import type { RejectedRow } from './import-zip.builder';
import { loadResult } from './load-results';
import type { TenantBatchDeps } from './tenant-batch.runner';

/** Rows of an import recorded, and their load results published, per page (a batch is up to 50,000 rows: issue 17 item 5). */
const RECORD_PAGE_ROWS = 5_000;

/**
 * Follows a posted import to its terminal state and records the outcome per row: applied rows go to
 * loader_applied, rows Canvas skipped count an attempt (failed after the maximum), and a load result is published
 * for each. An import that failed as a whole leaves its rows pending (retried in a later batch).
 */
export class ImportRecorder {
  constructor(private readonly deps: Pick<TenantBatchDeps, 'dataSource' | 'pending' | 'imports' | 'publish' | 'tombstone' | 'settings' | 'clock' | 'logger'>) {}

  async awaitOutcome(tenant: string, canvas: CanvasImportsPort, imp: LoaderImport, signal: AbortSignal): Promise<void> {
    await this.record(tenant, canvas, imp, await this.waitTerminal(tenant, canvas, imp, signal));
  }

  /** Polls the import to its terminal state (progress recorded and logged, `onProgress` told); records nothing per row. */
  async waitTerminal(tenant: string, canvas: CanvasImportsPort, imp: LoaderImport, signal: AbortSignal, onProgress?: (progress: number) => void): Promise<SisImportOutcome> {
    const canvasId = imp.canvasImportId as number;
    const startedAt = imp.createdAt.getTime();
    let lastLogged = '';
    const outcome = await canvas.wait(canvasId, {
      signal,
      onProgress: (state, progress) => {
        onProgress?.(progress);
        const line = importProgressMessage({ tenant, canvasImportId: canvasId, state, progress, rows: imp.rows, elapsedMs: this.deps.clock().getTime() - startedAt });
        if (`${state}${progress}` === lastLogged) return;
        lastLogged = `${state}${progress}`;
        this.deps.logger.info(line, { tenant, canvasImportId: canvasId });
        void this.deps.imports.progress(imp.id, state, progress).catch(() => undefined);
      },
    });
    pipelineMetrics.sisImportEnded(tenant, Math.max(0, this.deps.clock().getTime() - startedAt) / 1000);
    return outcome;
  }

  /** Records a terminal import: its rows applied or failed, the import finished, a load result per row. */
  async record(tenant: string, canvas: CanvasImportsPort, imp: LoaderImport, outcome: SisImportOutcome): Promise<void> {
    const canvasId = imp.canvasImportId as number;
    if (!outcome.succeeded) {
      const message = [...outcome.errors, ...outcome.warnings].map((m) => `${m.file}: ${m.message}`).join('; ') || outcome.state;
      await this.deps.imports.finish(this.deps.dataSource, imp.id, { state: outcome.state, counts: numericCounts(outcome.counts), message });
      // Thrown so the loop backs off before the rows (still pending) go out again.
      throw new RetriableError(`tenant ${tenant}: import ${canvasId} ended ${outcome.state} (${message}); its ${imp.rows} rows stay pending and are sent again`);
    }
    const messages: ImportRowMessage[] = outcome.warnings.length + outcome.errors.length > 0 ? await canvas.rowMessages(canvasId) : [];
    // Only the rows a message can be about are read to attribute them; the batch itself is gone through in pages.
    const written = (await this.deps.imports.itemsNamedBy(imp.id, messages)).map((i) => ({ file: i.file, line: i.line, key: loaderEntityKey(i.canvasType, i.sisId), sisId: i.sisId }));
    const { byEntity, unattributed } = attributeImportMessages(written, messages);
    const failedBy = (item: LoaderImportItem) => {
      const found = byEntity.get(loaderEntityKey(item.canvasType, item.sisId));
      return found?.outcome === 'error' ? found.messages.join('; ') : undefined;
    };
    const counted = { applied: 0, skipped: 0 };
    const attempts = await this.deps.dataSource.transaction(async (q) => {
      const recorded: Awaited<ReturnType<TenantBatchDeps['pending']['recordFailures']>> = [];
      for await (const page of this.deps.imports.itemPages(imp.id, RECORD_PAGE_ROWS, q)) {
        const failures = page.flatMap((item) => { const message = failedBy(item); return message === undefined ? [] : [{ item, message }]; });
        await this.deps.pending.recordApplied(q, tenant, String(canvasId), page.filter((item) => failedBy(item) === undefined));
        recorded.push(...await this.deps.pending.recordFailures(q, tenant, failures, this.deps.settings.maxAttempts));
        counted.skipped += failures.length;
        counted.applied += page.length - failures.length;
      }
      await this.deps.imports.finish(q, imp.id, {
        state: outcome.state, counts: numericCounts(outcome.counts),
        message: unattributed.length ? unattributed.map((m) => `${m.file}: ${m.message}`).join('; ') : null,
      });
      return new Map(recorded.map((r) => [r.key, r]));
    });
    const at = this.deps.clock();
    for await (const page of this.deps.imports.itemPages(imp.id, RECORD_PAGE_ROWS)) {
      await this.deps.publish(page.map((item) => {
        const message = failedBy(item);
        if (message === undefined) {
          const warning = byEntity.get(loaderEntityKey(item.canvasType, item.sisId));
          return loadResult(tenant, item, warning ? 'warning' : 'applied', at, { importId: canvasId, message: warning?.messages.join('; ') ?? null });
        }
        const attempt = attempts.get(loaderEntityKey(item.canvasType, item.sisId));
        const next = attempt?.failed ? `marked failed after ${attempt.attempts} attempt(s); fix the source record` : 'sent again in a later batch';
        return loadResult(tenant, item, 'error', at, { importId: canvasId, message: `tenant ${tenant}: Canvas skipped ${item.canvasType} ${item.sisId}: ${message}; ${next}` });
      }));
      // Canvas has applied these deletes: compaction may now forget the entities (and the people) they removed
      const gone = page.filter((item) => item.op === 'delete' && failedBy(item) === undefined);
      if (gone.length > 0) await this.deps.tombstone(tenant, appliedDeletesToTombstone(gone, await this.deps.pending.stillPending(tenant, gone)));
    }
    for (const plan of await this.deps.pending.completeApprovedPlans(tenant)) this.deps.logger.info(`tenant ${tenant}: approved plan ${plan} applied`, { tenant });
    this.deps.logger.info(`tenant ${tenant}: import ${canvasId} ${outcome.state}: ${counted.applied} applied, ${counted.skipped} skipped by Canvas`, { tenant });
  }

  /** Rows the CSV writer refused (Canvas would too): failed at once with the reason. */
  async rejectRows(tenant: string, rejected: RejectedRow[]): Promise<void> {
    if (rejected.length === 0) return;
    await this.deps.pending.recordFailures(this.deps.dataSource, tenant, rejected.map((r) => ({ item: r.row, message: r.message })), 1);
    const at = this.deps.clock();
    await this.deps.publish(rejected.map((r) => loadResult(tenant, r.row, 'error', at, { message: `${r.message}; the row is marked failed until a new version arrives` })));
    this.deps.logger.warn(`tenant ${tenant}: ${rejected.length} row(s) refused by the SIS CSV checks`, { tenant, example: rejected[0].message });
  }
}

function numericCounts(counts: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
}
