/** One Canvas SIS import as the benchmark keeps it: when it was created, started and ended, and the rows it applied. */
export interface ImportSummary {
  id: number;
  workflowState: string;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Entity rows applied (accounts, terms, courses, sections, users, enrollments, user_observers). */
  rows: number;
}

const ENTITY_COUNT_KEYS = ['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments', 'user_observers'];

/** Entity rows of an import's counts (the Canvas API's `data.counts`; errors, warnings and batch deletes left out). */
export function entityRows(counts: Record<string, number>): number {
  return ENTITY_COUNT_KEYS.reduce((n, key) => n + (counts[key] ?? 0), 0);
}

/** Totals over an account's imports: rows, states, first created → last ended. */
export interface ImportTotals {
  imports: number;
  rows: number;
  states: Record<string, number>;
  firstCreatedMs?: number;
  lastEndedMs?: number;
}

export function importTotals(imports: readonly ImportSummary[]): ImportTotals {
  const states: Record<string, number> = {};
  let rows = 0;
  for (const rec of imports) {
    states[rec.workflowState] = (states[rec.workflowState] ?? 0) + 1;
    rows += rec.rows;
  }
  const ended = imports.map((i) => i.endedAt).filter((e): e is number => e !== null);
  return {
    imports: imports.length, rows, states,
    firstCreatedMs: imports.length ? Math.min(...imports.map((i) => i.createdAt)) : undefined,
    lastEndedMs: ended.length ? Math.max(...ended) : undefined,
  };
}

/** How busy the loader kept Canvas: the account's imports run one at a time, so any time between them is Canvas idle. */
export interface CanvasBusy {
  /** First import started → last import ended (ms). */
  spanMs: number;
  /** Sum of the imports' own run times, started → ended (ms). */
  applyingMs: number;
  /** Sum of the gaps in the span when no import ran (ms): one import ended, the next had not started. */
  idleGapsMs: number;
  /** The longest such gap (ms). */
  longestGapMs: number;
  /** Imports created while another was still running (queued by Canvas: the loader was ahead). */
  queuedBehindAnother: number;
  /** Rows applied per second of applying time. */
  rowsPerApplyingSecond: number;
}

/** Canvas's busy and idle time over the finished imports (sorted by start); undefined without a finished import. */
export function canvasBusy(imports: readonly ImportSummary[]): CanvasBusy | undefined {
  const done = imports.filter((i) => i.startedAt !== null && i.endedAt !== null).sort((a, b) => a.startedAt! - b.startedAt!);
  if (!done.length) return undefined;
  let idleGapsMs = 0;
  let longestGapMs = 0;
  let busyUntil = done[0].endedAt!;
  let applyingMs = 0;
  for (const [i, rec] of done.entries()) {
    applyingMs += rec.endedAt! - rec.startedAt!;
    if (i > 0) {
      const gap = Math.max(0, rec.startedAt! - busyUntil);
      idleGapsMs += gap;
      longestGapMs = Math.max(longestGapMs, gap);
      busyUntil = Math.max(busyUntil, rec.endedAt!);
    }
  }
  const queuedBehindAnother = done.filter((rec) => done.some((other) => other !== rec && other.startedAt! <= rec.createdAt && rec.createdAt < other.endedAt!)).length;
  const rows = done.reduce((n, rec) => n + rec.rows, 0);
  return {
    spanMs: busyUntil - done[0].startedAt!, applyingMs, idleGapsMs, longestGapMs, queuedBehindAnother,
    rowsPerApplyingSecond: applyingMs > 0 ? rows / (applyingMs / 1000) : 0,
  };
}
