import type { DataSource } from 'typeorm';
import { CanvasError } from '@rp/canvas';
import { withBatchSpan, type Logger, type TraceContextMemo } from '@rp/observability';
import { pendingTraceKey } from './canvas-change.handler';
import {
  loaderEntityKey, LoaderImport, LoaderImportRepository, LoaderPendingRepository, LoaderPlanRepository, LoaderPlanSummary, LoaderQueryable, PendingRow, TenantConnection,
} from '@rp/persistence';
import type { CanvasImportsPort } from './canvas-imports.port';
import { assembleBatch, waitingMessage } from './domain/batch-assembly';
import { holdDestructiveDuringBlackout } from './domain/blackout-hold';
import { shouldCloseBatch } from './domain/batch-trigger';
import { mayPostAnother, mustWaitForInFlight, queueBehindRunning } from './domain/canvas-import-queue';
import { REFERENCE_CELLS, referencesOf } from './domain/entity-references';
import { keyOf } from './domain/loader-row';
import { gatedRows, holdPlanWhenThresholdExceeded } from './domain/safety-gate';
import { resolveSafetyThresholds } from './domain/safety-thresholds';
import { ImportRecorder } from './import-recorder';
import { writeImportZip, type BatchCells, type RejectedRow, type WrittenImport } from './import-zip.builder';
import type { LoaderSettings } from './loader.config';
import { loadResult, LoadResultSink } from './load-results';

/** How far before its own record the loader looks for an import it may have posted (clock skew with Canvas). */
const POSTED_CLOCK_SKEW_MS = 10 * 60_000;

/** The cells deciding about a batch reads (references, and the status that makes a row destructive); the rest go straight to the zip. */
const PLANNING_CELLS = ['status', ...REFERENCE_CELLS];

/** A batch's cells read from loader_pending through `q`, page by page as the zip is written (only the versions judged). */
function pendingCells(pending: LoaderPendingRepository, q: LoaderQueryable, tenant: string): BatchCells {
  return { columnsOf: (rows) => pending.columnsOf(q, tenant, rows), cellsOf: (rows) => pending.cellsOf(q, tenant, rows) };
}

/** A batch ready to post: its zip written and its import recorded as `posting` (`written` undefined: no row could be written). */
interface PreparedBatch {
  ready: PendingRow[];
  rejected: RejectedRow[];
  written?: WrittenImport & { importId: string };
}

/** Resolves after `ms` (an unref'd timer: never keeps the process alive). */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A 4xx answer (other than a timeout or throttling) is Canvas refusing the upload: no import was created. */
function refusedByCanvas(error: unknown): boolean {
  const status = error instanceof CanvasError ? error.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export interface TenantBatchDeps {
  dataSource: DataSource;
  pending: LoaderPendingRepository;
  imports: LoaderImportRepository;
  plans: LoaderPlanRepository;
  connectionOf: (tenant: string) => Promise<TenantConnection>;
  canvasFor: (connection: TenantConnection) => CanvasImportsPort;
  publish: LoadResultSink;
  /** Publishes tombstones for `canvas.*` keys (resolves once Kafka acknowledged them). */
  tombstone: (tenant: string, keys: { canvasType: string; sisId: string }[]) => Promise<void>;
  settings: LoaderSettings;
  clock: () => Date;
  logger: Logger;
  /** Trace contexts the change handler remembered per pending row (parents of the import span). */
  traces?: TraceContextMemo;
  /** Called after a plan was held (the held-plans gauge refreshes). */
  onPlanHeld?: () => Promise<void>;
}

/**
 * One step of a tenant's loader: resume an unfinished import, or drop rejected plans' rows and, when a batch
 * is due, assemble it (dependencies), gate it (held plan), write the zip, post it and wait for the outcome; while
 * waiting, the next batch is posted to queue behind it in Canvas (ADR 0171). Called for one tenant at a time (one
 * replica, TenantStepLock), so a tenant never has more than LOADER_IMPORTS_IN_FLIGHT imports in flight.
 */
export class TenantBatchRunner {
  private readonly recorder: ImportRecorder;
  /** Imports this runner posted and has not recorded yet (not "resumed" when the next step follows them). */
  private readonly postedHere = new Set<string>();

  constructor(private readonly deps: TenantBatchDeps) {
    this.recorder = new ImportRecorder(deps);
  }

  async runOnce(tenant: string, signal: AbortSignal): Promise<void> {
    const connection = await this.deps.connectionOf(tenant);
    if (connection.status !== 'active') return;
    const canvas = this.deps.canvasFor(connection);
    const inFlight: LoaderImport[] = [];
    for (const recorded of await this.deps.imports.unfinished(tenant)) {
      const unfinished = recorded.canvasImportId === null ? await this.adoptPosted(tenant, canvas, recorded) : recorded;
      if (!unfinished) continue;
      if (!this.postedHere.has(unfinished.id)) this.deps.logger.info(`tenant ${tenant}: resuming import ${unfinished.canvasImportId} (${unfinished.state})`, { tenant });
      inFlight.push(unfinished);
    }
    if (inFlight.length === 0) {
      const posted = signal.aborted ? undefined : await this.postDueBatch(tenant, connection, canvas, 0);
      if (!posted) return;
      inFlight.push(posted);
    }
    await this.awaitOldestWhileQueueing(tenant, connection, canvas, inFlight, signal);
  }

  /**
   * Waits for the oldest unfinished import and records its outcome; meanwhile (ADR 0171) the next batch is built and
   * posted as soon as it is due, to wait in Canvas's queue behind the running import (Canvas processes a root account's
   * imports one at a time: CANVAS_IMPORTS_PROCESSED_AT_ONCE), at most LOADER_IMPORTS_IN_FLIGHT in flight. Each import's
   * rows are recorded against that import's own items and Canvas messages.
   */
  private async awaitOldestWhileQueueing(tenant: string, connection: TenantConnection, canvas: CanvasImportsPort, inFlight: LoaderImport[], signal: AbortSignal): Promise<void> {
    const [running] = inFlight;
    const state = { progress: running.progress, settled: false };
    const terminal = this.recorder.waitTerminal(tenant, canvas, running, signal, (progress) => (state.progress = progress));
    const settled = terminal.then(() => undefined, () => undefined).then(() => void (state.settled = true));
    let queueingFailed: unknown;
    try {
      while (!state.settled && !signal.aborted && mayPostAnother(inFlight.length, this.deps.settings.importsInFlight ?? 1)) {
        const next = await this.postDueBatch(tenant, connection, canvas, inFlight.length, { progress: state.progress });
        if (next) inFlight.push(next);
        else await Promise.race([settled, pause(this.deps.settings.tickMs)]);
      }
    } catch (error) {
      queueingFailed = error; // the running import is still followed to its end and recorded first
    }
    await this.recorder.record(tenant, canvas, running, await terminal);
    this.postedHere.delete(running.id);
    if (queueingFailed !== undefined) throw queueingFailed;
  }

  /** Drops rejected plans' rows and, when a batch is due (and may queue behind `running`), assembles, gates and posts it. */
  private async postDueBatch(tenant: string, connection: TenantConnection, canvas: CanvasImportsPort, unfinished: number, running?: { progress: number }): Promise<LoaderImport | undefined> {
    await this.dropRejected(tenant);
    const { batchMaxRows, batchMaxWaitMs } = this.deps.settings;
    const stats = await this.deps.pending.eligibleStats(tenant, batchMaxRows);
    if (!shouldCloseBatch(stats, { maxRows: batchMaxRows, maxWaitMs: batchMaxWaitMs }, this.deps.clock())) return undefined;
    if (!queueBehindRunning({ count: stats.count, full: stats.count >= batchMaxRows }, running)) return undefined;
    const prepared = await this.prepare(tenant, connection, unfinished);
    if (!prepared) return undefined;
    let started: LoaderImport | undefined;
    await this.importTraced(tenant, prepared.ready, async () => (started = await this.post(tenant, canvas, prepared)));
    return started;
  }

  /**
   * Assembles and gates the batch, then writes its zip and records the import (`posting`, with its items) in one
   * transaction: the cells are read page by page, matched on the version (hash) the gate judged, and the items recorded
   * page by page, so neither the batch's cells nor its items are in memory at once (issue 17 item 5, ADR 0172). The
   * record commits before the POST, as before: a loader stopped after it looks for the import in Canvas. The
   * transaction uses only its own connection (tenants step side by side on a small pool).
   */
  private async prepare(tenant: string, connection: TenantConnection, unfinished: number): Promise<PreparedBatch | undefined> {
    const ready = await this.assemble(tenant, connection, unfinished);
    if (ready.length === 0) return undefined;
    let written: WrittenImport | undefined;
    try {
      return await this.deps.dataSource.transaction(async (q) => {
        let importId: string | undefined;
        const zip = await writeImportZip(tenant, ready, {
          tmpDir: this.deps.settings.tmpDir,
          cells: pendingCells(this.deps.pending, q, tenant),
          onItems: async (items) => this.deps.imports.addItems(q, (importId ??= await this.deps.imports.open(q, tenant)), tenant, items),
        });
        written = zip.written;
        if (written && importId) await this.deps.imports.written(q, importId, written.rowsPerType);
        return { ready, rejected: zip.rejected, written: written && importId ? { ...written, importId } : undefined };
      });
    } catch (error) {
      await written?.dispose();
      throw error;
    }
  }

  /**
   * The SIS import span, one per import (not per row): child of the first row's transformer batch, linked to the
   * other batches; a row of another sync run's trace gets the import in its trace too. The Canvas calls are its children.
   */
  private async importTraced(tenant: string, rows: PendingRow[], work: () => Promise<LoaderImport | undefined>): Promise<void> {
    const keys = rows.map((row) => pendingTraceKey(tenant, row.canvasType, row.sisId));
    const contexts = keys.map((key) => this.deps.traces?.get(key));
    const attributes = { 'rp.tenant': tenant, 'canvas.rows': rows.length };
    await withBatchSpan('loader sis-import', contexts, attributes, async (batch) => {
      const started = await work();
      if (started?.canvasImportId) batch.setAttribute('canvas.sis_import_id', started.canvasImportId);
    });
    this.deps.traces?.forget(keys); // applied: later changes of these rows bring their own traces
  }

  private async dropRejected(tenant: string): Promise<void> {
    const dropped = await this.deps.pending.dropRejected(tenant);
    if (dropped.length === 0) return;
    const at = this.deps.clock();
    await this.deps.publish(dropped.map((row) => loadResult(tenant, row, 'rejected', at, { message: `tenant ${tenant}: an operator rejected plan ${row.planId}; not sent to Canvas` })));
    this.deps.logger.info(`tenant ${tenant}: dropped ${dropped.length} row(s) of rejected plans`, { tenant });
  }

  /**
   * Candidate rows → ready rows; waiting rows are recorded, destructive ones over the threshold held. With `unfinished`
   * imports in flight, an entity one of them creates counts as there (Canvas applies it first), and a batch the safety
   * gate would judge is not built (its judgement needs their deletions recorded).
   */
  private async assemble(tenant: string, connection: TenantConnection, unfinished: number): Promise<PendingRow[]> {
    const rows = await this.deps.pending.eligibleToPlan(this.deps.dataSource, tenant, this.deps.settings.batchMaxRows, PLANNING_CELLS);
    const withCells = (held: PendingRow[]) => this.withCells(tenant, held);
    const keys = new Map<string, { canvasType: string; sisId: string }>();
    for (const row of rows) for (const ref of [row, ...referencesOf(row)]) keys.set(keyOf(ref), ref);
    const applied = await this.deps.pending.appliedOf(tenant, [...keys.values()]);
    const carried = unfinished > 0 ? await this.deps.imports.activeInUnfinished(tenant, [...keys.values()]) : new Set<string>();
    const batch = assembleBatch(rows, (key) => applied.has(key) || carried.has(key));
    await this.recordWaiting(tenant, batch.waiting);
    const blackout = holdDestructiveDuringBlackout(tenant, batch.ready, connection.schedule, this.deps.clock());
    if (blackout.held.length > 0) {
      await this.holdInPlan(tenant, { counts: [], exceeded: [], items: blackout.held.length, blackout: blackout.blackout }, await withCells(blackout.held), (planId) =>
        `tenant ${tenant}: ${blackout.held.length} destructive row(s) held in plan ${planId} during the blackout ${blackout.blackout}; ` +
        `inspect with \`ops plans show ${planId}\`, then approve or reject (change the blackout with \`ops tenants update ${tenant} --schedule …\`)`);
    }
    const ready = blackout.proceed;
    const isActiveApplied = (key: string) => applied.get(key)?.active === true;
    // Counting the tenant's applied entities scans loader_applied: only worth it when the batch has rows to judge
    // (a full sync without deletions has none, and at 400k students that scan ran on every batch).
    const gated = gatedRows(ready, isActiveApplied);
    if (mustWaitForInFlight(unfinished, gated.length)) return [];
    const judged = gated.length > 0;
    const runs = [...new Set(gated.flatMap((row) => (row.syncRun ? [row.syncRun] : [])))];
    const decision = holdPlanWhenThresholdExceeded(ready, {
      isActiveApplied,
      appliedCounts: judged ? await this.deps.pending.activeAppliedCounts(tenant) : [],
      runDeletedCounts: judged ? await this.deps.pending.runDeletedCounts(tenant, runs) : [],
      thresholds: resolveSafetyThresholds(tenant, connection.thresholds),
    });
    if (decision.held.length > 0) {
      const over = decision.exceeded.map((g) => `${g.destructive} ${g.canvasType} in school ${g.school ?? '(none)'}${g.earlierInRun ? ` (${g.earlierInRun} of them applied by the run's earlier batches)` : ''} > ${g.limit}`).join('; ');
      await this.holdInPlan(tenant, { counts: decision.counts, exceeded: decision.exceeded, items: decision.held.length }, await withCells(decision.held), (planId) =>
        `tenant ${tenant}: ${decision.held.length} destructive row(s) held in plan ${planId} (${over}); inspect with \`ops plans show ${planId}\`, then approve or reject`);
    }
    return decision.proceed;
  }

  /** The rows with all their cells (a held plan keeps them for `ops plans show`); planning read only some. */
  private async withCells(tenant: string, rows: PendingRow[]): Promise<PendingRow[]> {
    const cells = await this.deps.pending.cellsOf(this.deps.dataSource, tenant, rows);
    return rows.map((row) => ({ ...row, row: cells.get(keyOf(row)) ?? row.row }));
  }

  /** Records a held plan with its rows (one transaction), says so in the log and on the load results. */
  private async holdInPlan(tenant: string, summary: LoaderPlanSummary, held: PendingRow[], messageFor: (planId: string) => string): Promise<void> {
    const planId = await this.deps.dataSource.transaction(async (q) => {
      const id = await this.deps.plans.create(q, tenant, summary, held);
      await this.deps.pending.holdInPlan(q, tenant, id, held);
      return id;
    });
    const message = messageFor(planId);
    this.deps.logger.warn(message, { tenant, planId });
    await this.deps.onPlanHeld?.();
    const at = this.deps.clock();
    await this.deps.publish(held.map((row) => loadResult(tenant, row, 'held', at, { message, planId })));
  }

  private async recordWaiting(tenant: string, waiting: ReturnType<typeof assembleBatch<PendingRow>>['waiting']): Promise<void> {
    if (waiting.length === 0) return;
    const reasons = waiting.map((w) => ({ canvasType: w.row.canvasType, sisId: w.row.sisId, waitingFor: w.waitingFor.map(keyOf).join(', '), w }));
    const changed = new Set(await this.deps.pending.markWaiting(tenant, reasons));
    const fresh = reasons.filter((r) => changed.has(loaderEntityKey(r.canvasType, r.sisId)));
    if (fresh.length === 0) return;
    const at = this.deps.clock();
    await this.deps.publish(fresh.map((r) => loadResult(tenant, r.w.row, 'waiting', at, { message: waitingMessage(tenant, r.w) })));
    this.deps.logger.info(`tenant ${tenant}: ${waiting.length} row(s) wait for entities not yet in Canvas`, { tenant, example: waitingMessage(tenant, fresh[0].w) });
  }

  /**
   * An import recorded as `posting` but without Canvas's id: the loader stopped between posting it and recording the
   * answer, or before posting. Canvas is asked for an import carrying this one's file names; found, it is adopted
   * (its rows are not sent again); not found, the record is abandoned and its rows, still pending, go into a later batch.
   */
  private async adoptPosted(
    tenant: string, canvas: CanvasImportsPort, recorded: LoaderImport,
    notFound = { state: 'abandoned', message: 'posting was interrupted before Canvas received the import; the rows stay pending and go into a later batch' },
  ): Promise<LoaderImport | undefined> {
    const fileNames = await this.deps.imports.fileNames(recorded.id);
    // created_at comes from Canvas's clock: look a little before our record to allow for skew between the two
    const found = await canvas.findPosted(fileNames, new Date(recorded.createdAt.getTime() - POSTED_CLOCK_SKEW_MS));
    if (!found) {
      await this.deps.imports.finish(this.deps.dataSource, recorded.id, notFound);
      return undefined;
    }
    await this.deps.imports.posted(recorded.id, found.id, found.state);
    this.deps.logger.info(`tenant ${tenant}: found import ${found.id} in Canvas carrying this batch's files (${fileNames.join(', ')}) though its answer never reached the loader; not sending its rows again`, { tenant });
    return { ...recorded, canvasImportId: found.id, state: found.state };
  }

  /** Fails the rows the CSV checks refused and posts the prepared zip; undefined when nothing was posted. */
  private async post(tenant: string, canvas: CanvasImportsPort, { written, rejected }: PreparedBatch): Promise<LoaderImport | undefined> {
    try {
      await this.recorder.rejectRows(tenant, rejected);
      if (!written) return undefined;
      const id = written.importId;
      let created: { id: number; state: string };
      try {
        created = await canvas.create(written.zip.path);
      } catch (error) {
        if (refusedByCanvas(error)) {
          await this.deps.imports.finish(this.deps.dataSource, id, { state: 'post_failed', message: (error as Error).message });
          throw error;
        }
        // A lost answer (timeout, 502 from a gateway) does not mean Canvas refused the upload: look for it first
        const adopted = await this.adoptPosted(tenant, canvas, await this.recordOf(tenant, id), { state: 'post_failed', message: (error as Error).message }).catch((lookup: Error) => {
          // unknown whether Canvas has it: the record stays `posting` and is looked up again before any new batch
          this.deps.logger.warn(`tenant ${tenant}: posting import ${id} failed (${(error as Error).message}) and Canvas could not be asked whether it arrived (${lookup.message}); asking again before the next batch`, { tenant });
          throw error;
        });
        if (adopted) return adopted;
        throw error;
      }
      await this.deps.imports.posted(id, created.id, created.state);
      this.postedHere.add(id);
      this.deps.logger.info(`tenant ${tenant}: import ${created.id} posted with ${Object.values(written.rowsPerType).reduce((a, b) => a + b, 0)} rows`, { tenant, rowsPerType: written.rowsPerType });
      return await this.recordOf(tenant, id);
    } finally {
      await written?.dispose();
    }
  }

  /** The tenant's unfinished import recorded under `id`. */
  private async recordOf(tenant: string, id: string): Promise<LoaderImport> {
    const [recorded] = (await this.deps.imports.unfinished(tenant)).filter((i) => i.id === id);
    return recorded;
  }
}
