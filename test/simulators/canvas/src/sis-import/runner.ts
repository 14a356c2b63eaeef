import type { ImportSpeed } from '../options';
import type { RootAccountState } from '../state/root-account-state';
import { applyRow, type ApplyContext } from './apply';
import type { SisImportRecord, SisImportState } from './import-record';
import { IMPORTER_ORDER } from './importer-kinds';
import { applyBatchMode } from './batch-mode';
import { validateRow } from './validate';

const sleep = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/** Moves an import to a new state and logs the transition. */
export function transition(state: RootAccountState, rec: SisImportRecord, to: SisImportState, now: number): void {
  rec.workflowState = to;
  rec.updatedAt = now;
  state.importLog.push({ importId: rec.id, workflowState: to });
}

/**
 * Runs one import like SIS::CSV::ImportRefactored: files in IMPORTERS order whatever their order in the zip,
 * row checks then stateful apply, progress in steps, abort between steps, final state from the messages.
 */
export async function runImport(state: RootAccountState, rec: SisImportRecord, speed: ImportSpeed, now: () => number): Promise<void> {
  rec.startedAt = now();
  rec.progress = 0;
  transition(state, rec, 'importing', now());
  const outcome = state.faults.importOutcome;
  if (outcome) {
    await sleep(speed.stepDelayMs);
    if (outcome === 'failed_with_messages') {
      rec.messages.push({ file: '', row: null, failure: true, message: `Error while importing CSV. Please contact support. (Error report ${1000 + rec.id})` });
    }
    return finish(state, rec, outcome, now());
  }
  const files = IMPORTER_ORDER.flatMap((kind) => rec.files.filter((f) => f.kind === kind));
  rec.suppliedBatches = IMPORTER_ORDER.filter((kind) => rec.files.some((f) => f.kind === kind));
  const total = files.reduce((n, f) => n + f.rows.length, 0);
  let done = 0;
  for (const file of files) {
    const kind = file.kind!;
    for (const row of file.rows) {
      if (rec.abortRequested) return finish(state, rec, 'aborted', now());
      const warn = (message: string) => rec.messages.push({ file: file.name, message, row: row.line, failure: false });
      const problem = validateRow(kind, row.values);
      if (problem) warn(problem);
      else {
        const ctx: ApplyContext = { state, importId: rec.id, now: now(), options: rec.options, rollback: rec.rollback, warn };
        if (applyRow(kind, ctx, row.values)) rec.counts[countKeyOf(kind)]++;
      }
      done++;
      if (done % speed.rowsPerStep === 0) {
        rec.progress = Math.floor((done / total) * 100);
        rec.updatedAt = now();
        await sleep(speed.stepDelayMs + (state.faults.importStepDelayMs ?? 0));
      }
    }
  }
  await sleep(state.faults.importStepDelayMs ?? 0);
  if (rec.abortRequested) return finish(state, rec, 'aborted', now());
  const failed = rec.messages.some((m) => m.failure);
  if (!failed && rec.params.batch_mode && rec.batchModeTermId !== null) applyBatchMode(state, rec, now());
  finish(state, rec, failed ? 'failed_with_messages' : rec.messages.length ? 'imported_with_messages' : 'imported', now());
}

function countKeyOf(kind: string): string {
  return kind === 'change_sis_id' ? 'change_sis_ids' : kind === 'grade_publishing_results' ? kind : `${kind}s`;
}

function finish(state: RootAccountState, rec: SisImportRecord, to: SisImportState, at: number): void {
  if (to === 'imported' || to === 'imported_with_messages') rec.progress = 100;
  rec.endedAt = at;
  transition(state, rec, to, at);
}
