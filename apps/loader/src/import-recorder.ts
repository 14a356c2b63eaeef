import { RetriableError, type LoadResult } from '@rp/messaging';
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
    const items = await this.deps.imports.items(imp.id);
    const written = items.map((i) => ({ file: i.file, line: i.line, key: loaderEntityKey(i.canvasType, i.sisId), sisId: i.sisId }));
    const { byEntity, unattributed } = attributeImportMessages(written, messages);
    const applied: LoaderImportItem[] = [];
    const failures: { item: LoaderImportItem; message: string }[] = [];
    for (const item of items) {
      const found = byEntity.get(loaderEntityKey(item.canvasType, item.sisId));
      if (found?.outcome === 'error') failures.push({ item, message: found.messages.join('; ') });
      else applied.push(item);
    }
    const attempts = await this.deps.dataSource.transaction(async (q) => {
      await this.deps.pending.recordApplied(q, tenant, String(canvasId), applied);
      const recorded = await this.deps.pending.recordFailures(q, tenant, failures, this.deps.settings.maxAttempts);
      await this.deps.imports.finish(q, imp.id, {
        state: outcome.state, counts: numericCounts(outcome.counts),
        message: unattributed.length ? unattributed.map((m) => `${m.file}: ${m.message}`).join('; ') : null,
      });
      return new Map(recorded.map((r) => [r.key, r]));
    });
    const at = this.deps.clock();
    const results: LoadResult[] = [
      ...applied.map((item) => {
        const warning = byEntity.get(loaderEntityKey(item.canvasType, item.sisId));
        return loadResult(tenant, item, warning ? 'warning' : 'applied', at, { importId: canvasId, message: warning?.messages.join('; ') ?? null });
      }),
      ...failures.map(({ item, message }) => {
        const attempt = attempts.get(loaderEntityKey(item.canvasType, item.sisId));
        const next = attempt?.failed ? `marked failed after ${attempt.attempts} attempt(s); fix the source record` : 'sent again in a later batch';
        return loadResult(tenant, item, 'error', at, { importId: canvasId, message: `tenant ${tenant}: Canvas skipped ${item.canvasType} ${item.sisId}: ${message}; ${next}` });
      }),
    ];
    await this.deps.publish(results);
    // Canvas has applied these deletes: compaction may now forget the entities (and the people) they removed
    const gone = applied.filter((item) => item.op === 'delete');
    await this.deps.tombstone(tenant, appliedDeletesToTombstone(gone, await this.deps.pending.stillPending(tenant, gone)));
    for (const plan of await this.deps.pending.completeApprovedPlans(tenant)) this.deps.logger.info(`tenant ${tenant}: approved plan ${plan} applied`, { tenant });
    this.deps.logger.info(`tenant ${tenant}: import ${canvasId} ${outcome.state}: ${applied.length} applied, ${failures.length} skipped by Canvas`, { tenant });
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
