import { importTotals, type ImportSummary } from './import-timeline';
import type { ObservedRunEvent, SyncRunWatcher } from './sync-run-watcher';

/** Why the benchmark considers the run applied in Canvas (or that it gave up). */
export type CompletionReason = 'loader-finished-marker' | 'canvas-applied-all-published-rows' | 'quiet' | 'timeout';

export interface Completion {
  reason: CompletionReason;
  /** Canvas rows the transformer said it published for the run (sum of `<type>.published`). */
  expectedRows?: number;
  transformerFinished?: ObservedRunEvent;
}

/** Sum of the transformer's `<type>.published` counts. */
export function publishedRows(counts: Record<string, number>): number {
  return Object.entries(counts).filter(([key]) => key.endsWith('.published')).reduce((n, [, v]) => n + v, 0);
}

type Stage = 'extractor' | 'transformer' | 'loader';

/**
 * Where a stage is, from the sync.runs markers: only the extractor marks its start; the transformer and loader work
 * on records as they arrive, so they count as running from the extractor's start to their own `finished`.
 */
export function stageState(watcher: Pick<SyncRunWatcher, 'marker'>, stage: Stage): 'waiting' | 'running' | 'finished' | 'failed' {
  if (watcher.marker(stage, 'failed')) return 'failed';
  if (watcher.marker(stage, 'finished')) return 'finished';
  return watcher.marker(stage, 'started') || watcher.marker('extractor', 'started') ? 'running' : 'waiting';
}

/** One progress line for a long run: each stage's state and what Canvas applied so far (of what is expected, once known). */
export function progressLine(elapsedMs: number, watcher: Pick<SyncRunWatcher, 'marker'>, canvas: { rows: number; imports: number }, expectedRows?: number): string {
  const stages = (['extractor', 'transformer', 'loader'] as const).map((stage) => `${stage} ${stageState(watcher, stage)}`).join(' · ');
  const share = expectedRows ? ` of ${expectedRows.toLocaleString('en-US')} (${Math.floor((canvas.rows / expectedRows) * 100)} %)` : '';
  return `[bench] +${Math.round(elapsedMs / 1000)} s · ${stages} · Canvas applied ${canvas.rows.toLocaleString('en-US')} rows${share} in ${canvas.imports} import(s)`;
}

/**
 * Waits until the run is applied in Canvas. The loader's own `finished` marker wins when it publishes one; otherwise
 * the run is done when the Canvas simulator's imports (all terminal) applied as many rows as the transformer published,
 * or — if some rows never apply (errors, held plans) — when nothing changed for `quietMs` after the transformer finished.
 */
export async function waitForCanvasApplied(
  watcher: SyncRunWatcher, imports: () => Promise<ImportSummary[]>, deadlineMs: number, quietMs: number,
  progress?: { startedMs: number; everyMs: number; print: (line: string) => void },
): Promise<Completion> {
  let lastRows = -1;
  let lastChangeMs = Date.now();
  let lastPrintMs = Date.now();
  while (Date.now() < deadlineMs) {
    if (watcher.marker('loader', 'finished') || watcher.marker('loader', 'failed')) return { reason: 'loader-finished-marker' };
    const transformerFinished = watcher.marker('transformer', 'finished');
    const totals = importTotals(await imports());
    if (progress && Date.now() - lastPrintMs >= progress.everyMs) {
      lastPrintMs = Date.now();
      progress.print(progressLine(lastPrintMs - progress.startedMs, watcher, totals, transformerFinished ? publishedRows(transformerFinished.counts) : undefined));
    }
    const pending = Object.entries(totals.states).some(([state]) => !['imported', 'imported_with_messages', 'failed', 'failed_with_messages', 'aborted'].includes(state));
    if (totals.rows !== lastRows) {
      lastRows = totals.rows;
      lastChangeMs = Date.now();
    }
    if (transformerFinished && !pending) {
      const expectedRows = publishedRows(transformerFinished.counts);
      if (totals.rows >= expectedRows) return { reason: 'canvas-applied-all-published-rows', expectedRows, transformerFinished };
      // The quiet window starts no earlier than the transformer's finish: the loader may still hold its last rows.
      if (Date.now() - Math.max(lastChangeMs, transformerFinished.seenAtMs) >= quietMs) return { reason: 'quiet', expectedRows, transformerFinished };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const transformerFinished = watcher.marker('transformer', 'finished');
  return { reason: 'timeout', transformerFinished, expectedRows: transformerFinished ? publishedRows(transformerFinished.counts) : undefined };
}
