import { percentile, perSecond } from '../common/measure';

/** One grade a teacher entered in Canvas, and when the gateway accepted the first Live Event it caused. */
export interface GradedCell {
  tenant: string;
  resultSourcedId: string;
  expectedScore: number;
  /** Clock ms of the gateway's 2xx for the cell's first delivered Live Event; null when none was accepted. */
  acceptedAtMs: number | null;
}

/** A successful result PUT as the OneRoster simulator stored it. */
export interface StoredResult {
  sourcedId: string;
  storedAtMs: number;
  score: number | undefined;
}

export type CellState = 'stored' | 'missing' | 'wrong' | 'not-accepted';

/** What became of one graded cell in IC. */
export interface CellOutcome {
  tenant: string;
  resultSourcedId: string;
  state: CellState;
  /** When the right score was first stored (also for a cell whose later write changed it: then it is `wrong`). */
  storedAtMs?: number;
  /** accepted → stored, for cells whose event was accepted and whose right score was stored. */
  latencyMs?: number;
  acceptedAtMs: number | null;
  finalScore?: number;
}

/**
 * Judges every graded cell against the writes IC stored: `stored` when its last stored score is the one entered,
 * `wrong` when it is another, `missing` when nothing arrived, `not-accepted` when the gateway never took its event
 * (no start time; reported apart). Latency runs to the first write that stored the right score.
 */
export function judgeCells(cells: readonly GradedCell[], writes: readonly StoredResult[]): CellOutcome[] {
  const bySourcedId = new Map<string, StoredResult[]>();
  for (const w of writes) {
    const list = bySourcedId.get(w.sourcedId);
    if (list) list.push(w);
    else bySourcedId.set(w.sourcedId, [w]);
  }
  return cells.map((cell) => {
    const base = { tenant: cell.tenant, resultSourcedId: cell.resultSourcedId, acceptedAtMs: cell.acceptedAtMs };
    const puts = [...(bySourcedId.get(cell.resultSourcedId) ?? [])].sort((a, b) => a.storedAtMs - b.storedAtMs);
    if (cell.acceptedAtMs === null) return { ...base, state: 'not-accepted', finalScore: puts.at(-1)?.score };
    if (puts.length === 0) return { ...base, state: 'missing' };
    const finalScore = puts[puts.length - 1].score;
    const firstRight = puts.find((p) => p.score === cell.expectedScore);
    const timing = firstRight ? { storedAtMs: firstRight.storedAtMs, latencyMs: firstRight.storedAtMs - cell.acceptedAtMs } : {};
    return { ...base, ...timing, finalScore, state: finalScore === cell.expectedScore ? 'stored' : 'wrong' };
  });
}

/** Nearest-rank latency percentiles in ms; all NaN (count 0) when nothing was measured. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summariseLatencies(latenciesMs: readonly number[]): LatencySummary {
  return {
    count: latenciesMs.length,
    p50: percentile(latenciesMs, 50),
    p95: percentile(latenciesMs, 95),
    p99: percentile(latenciesMs, 99),
    max: latenciesMs.length ? latenciesMs.reduce((a, b) => Math.max(a, b), -Infinity) : Number.NaN,
  };
}

/** Latency and throughput of a set of cells (one tenant, or all of them). */
export interface ScopeStats {
  scope: string;
  graded: number;
  stored: number;
  missing: number;
  wrong: number;
  notAccepted: number;
  latencyMs: LatencySummary;
  /** First accepted event → last right score stored, over the scope's cells. */
  spanMs: number | null;
  /** Right scores stored per second over `spanMs` (0 when no span). */
  resultsPerSecond: number;
}

export function scopeStats(scope: string, outcomes: readonly CellOutcome[]): ScopeStats {
  const count = (state: CellState) => outcomes.filter((o) => o.state === state).length;
  const stored = outcomes.filter((o) => o.state === 'stored');
  const accepted = outcomes.map((o) => o.acceptedAtMs).filter((t): t is number => t !== null);
  const storedTimes = stored.map((o) => o.storedAtMs!);
  const spanMs = accepted.length && storedTimes.length
    ? storedTimes.reduce((a, b) => Math.max(a, b)) - accepted.reduce((a, b) => Math.min(a, b))
    : null;
  return {
    scope,
    graded: outcomes.length,
    stored: stored.length,
    missing: count('missing'),
    wrong: count('wrong'),
    notAccepted: count('not-accepted'),
    latencyMs: summariseLatencies(stored.map((o) => o.latencyMs!)),
    spanMs,
    resultsPerSecond: spanMs === null ? 0 : perSecond(stored.length, spanMs),
  };
}

/** Stats per tenant (in first-seen order) and across all tenants. */
export function aggregateByTenant(outcomes: readonly CellOutcome[]): { perTenant: ScopeStats[]; all: ScopeStats } {
  const byTenant = new Map<string, CellOutcome[]>();
  for (const o of outcomes) {
    const list = byTenant.get(o.tenant);
    if (list) list.push(o);
    else byTenant.set(o.tenant, [o]);
  }
  return {
    perTenant: [...byTenant].map(([tenant, list]) => scopeStats(tenant, list)),
    all: scopeStats('all tenants', outcomes),
  };
}

/** Grading times for an offered rate: cell i at start + i / rate seconds; `undefined` rate = as fast as possible. */
export function gradingScheduleMs(cells: number, ratePerSecond: number | undefined): number[] {
  return Array.from({ length: cells }, (_, i) => (ratePerSecond ? (i * 1000) / ratePerSecond : 0));
}

/** Latency by when the event was accepted: one row per `bucketMs` window from the first acceptance. */
export interface TimelineBucket {
  fromSeconds: number;
  count: number;
  p50: number;
  max: number;
}

export function latencyTimeline(outcomes: readonly CellOutcome[], bucketMs: number): TimelineBucket[] {
  const timed = outcomes.filter((o) => o.latencyMs !== undefined && o.acceptedAtMs !== null);
  if (timed.length === 0) return [];
  const start = timed.reduce((a, o) => Math.min(a, o.acceptedAtMs!), Infinity);
  const buckets = new Map<number, number[]>();
  for (const o of timed) {
    const b = Math.floor((o.acceptedAtMs! - start) / bucketMs);
    buckets.set(b, [...(buckets.get(b) ?? []), o.latencyMs!]);
  }
  return [...buckets].sort(([a], [b]) => a - b).map(([b, list]) => {
    const s = summariseLatencies(list);
    return { fromSeconds: (b * bucketMs) / 1000, count: s.count, p50: s.p50, max: s.max };
  });
}
