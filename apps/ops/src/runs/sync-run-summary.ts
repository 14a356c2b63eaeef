import type { Stage, SyncKind, SyncRunEvent } from '@rp/messaging';
import { formatTable } from '../cli/table';

/** Pipeline order of the stages that report to sync.runs. */
export const STAGES: Stage[] = ['extractor', 'transformer', 'loader'];

export interface StageProgress {
  phase: SyncRunEvent['phase'];
  startedAt?: string;
  at: string;
  counts: Record<string, number>;
  message: string | null;
}

/** One run as seen on sync.runs: every stage's latest phase and counts. */
export interface RunSummary {
  runId: string;
  tenant: string;
  kind: SyncKind;
  /**
   * `failed` when any stage failed; `finished` only when every stage (extractor, transformer, loader) reported its
   * finish — a stage that has not reported yet keeps the run `running`; else `running`.
   */
  status: 'running' | 'finished' | 'failed';
  /** Rows of the run the loader holds for an operator's decision (`ops plans`), from its finish marker. */
  heldRows: number;
  /** The tenant's parked records when the transformer finished the run (`ops parked list`), from its marker. */
  parked: { waiting: number; flagged: number; blocked: number };
  startedAt: string;
  updatedAt: string;
  stages: Partial<Record<Stage, StageProgress>>;
}

const PHASE_RANK: Record<SyncRunEvent['phase'], number> = { started: 0, finished: 1, failed: 1 };

/** Folds sync.runs events (any order, duplicates allowed) into one summary per run, newest run first. */
export function summariseRuns(events: SyncRunEvent[]): RunSummary[] {
  const runs = new Map<string, RunSummary>();
  for (const e of events) {
    const run = runs.get(e.runId) ?? {
      runId: e.runId, tenant: e.tenant, kind: e.kind, status: 'running', heldRows: 0, parked: { waiting: 0, flagged: 0, blocked: 0 }, startedAt: e.at, updatedAt: e.at, stages: {},
    };
    if (e.at < run.startedAt) run.startedAt = e.at;
    if (e.at > run.updatedAt) run.updatedAt = e.at;
    const current = run.stages[e.stage];
    const startedAt = e.phase === 'started' ? min(current?.startedAt, e.at) : current?.startedAt;
    // a terminal marker wins over a start; among equals, the later one
    if (!current || PHASE_RANK[e.phase] > PHASE_RANK[current.phase] || (PHASE_RANK[e.phase] === PHASE_RANK[current.phase] && e.at >= current.at)) {
      run.stages[e.stage] = { phase: e.phase, startedAt, at: e.at, counts: e.counts, message: e.message };
    } else {
      current.startedAt = startedAt;
    }
    runs.set(e.runId, run);
  }
  for (const run of runs.values()) {
    run.status = statusOf(run);
    run.heldRows = run.stages.loader?.counts['rows.held'] ?? 0;
    const transformer = run.stages.transformer?.counts ?? {};
    run.parked = { waiting: transformer.parked ?? 0, flagged: transformer['parked.stale'] ?? 0, blocked: transformer['parked.blocked'] ?? 0 };
  }
  return [...runs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.runId.localeCompare(b.runId));
}

/** True when waiting for `until` is over: that stage finished, or any stage failed. */
export function runIsDone(run: RunSummary, until: Stage): boolean {
  return run.status === 'failed' || run.stages[until]?.phase === 'finished';
}

function statusOf(run: RunSummary): RunSummary['status'] {
  if (Object.values(run.stages).some((s) => s.phase === 'failed')) return 'failed';
  return STAGES.every((stage) => run.stages[stage]?.phase === 'finished') ? 'finished' : 'running';
}

/** The status as shown to people: held rows are part of it, so a run with held deletions never reads plain "finished". */
function statusText(run: RunSummary): string {
  return run.heldRows > 0 ? `${run.status}, ${run.heldRows} held` : run.status;
}

const min = (a: string | undefined, b: string) => (a === undefined || b < a ? b : a);

/** Runs as a table: one column per stage with its phase (`pending` until the stage reports). */
export function formatRunList(runs: RunSummary[]): string {
  if (runs.length === 0) return 'No sync runs on sync.runs (start one with `ops sync <tenant>`).';
  return formatTable(
    ['RUN', 'TENANT', 'KIND', 'STATUS', 'STARTED', ...STAGES.map((s) => s.toUpperCase())],
    runs.map((r) => [r.runId, r.tenant, r.kind, statusText(r), r.startedAt, ...STAGES.map((s) => r.stages[s]?.phase ?? 'pending')]),
  );
}

/** One run in detail: each stage's phase, times, counts and message. */
export function formatRun(run: RunSummary): string {
  const lines = [`run ${run.runId} (${run.kind}) for tenant ${run.tenant}: ${run.status}`, `started ${run.startedAt}, last update ${run.updatedAt}`];
  if (run.heldRows > 0) {
    lines.push(`${run.heldRows} rows held by the safety gate: decide with \`ops plans list --tenant ${run.tenant}\` (approve or reject)`);
  }
  const { waiting, flagged, blocked } = run.parked;
  if (waiting + blocked > 0) {
    const parts = [
      ...(waiting > 0 ? [`${waiting} waiting for a parent or settings${flagged > 0 ? ` (${flagged} longer than the tenant's parking.flagAfterHours)` : ''}`] : []),
      ...(blocked > 0 ? [`${blocked} blocked by a deleted parent (nothing sent)`] : []),
    ];
    lines.push(`parked records of the tenant: ${parts.join(', ')}: see \`ops parked list --tenant ${run.tenant}\``);
  }
  for (const stage of STAGES) {
    const s = run.stages[stage];
    if (!s) {
      lines.push(`  ${stage}: not started (pending)`);
      continue;
    }
    lines.push(`  ${stage}: ${s.phase} at ${s.at}${s.message ? ` — ${s.message}` : ''}`);
    for (const [name, count] of Object.entries(s.counts).sort(([a], [b]) => a.localeCompare(b))) lines.push(`    ${name}: ${count}`);
  }
  return lines.join('\n');
}

/** One progress line for `ops sync --wait`. */
export function formatRunEvent(e: SyncRunEvent): string {
  const counts = Object.entries(e.counts).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${e.at} ${e.stage} ${e.phase}${counts ? ` ${counts}` : ''}${e.message ? ` — ${e.message}` : ''}`;
}
