import type { LoadResult, SyncRunEvent } from '@rp/messaging';

import type { OffsetTarget } from '@rp/runtime';

interface RunCounts {
  counts: Record<string, number>;
  imports: Set<number>;
}

const runKey = (tenant: string, runId: string) => `${tenant}|${runId}`;
/** Runs whose transformer marker never comes (e.g. replays) must not grow the map forever. */
const MAX_COUNTED_RUNS = 1_000;

/**
 * Knows what the loader did for each sync run and when a run may be reported loaded. The transformer publishes a
 * run's Canvas changes before its `finished` marker, so once the loader's committed offsets reach the end offsets
 * seen with that marker, every change of the run is in loader_pending (or was dropped as already applied); the run
 * is loaded when none of its rows, nor any row of the tenant received before that moment, can still go to Canvas
 * (see `RunProgressQueries`): a run queued behind another publishes little or nothing of its own (its records are
 * the earlier run's, unchanged), and Canvas has its state only once the earlier run's rows are in. Counts come from
 * the load results this process published (a restart mid-run makes them partial); failed/held/waiting come from
 * the tables.
 */
export class RunLoadTracker {
  private readonly pending = new Map<string, { event: SyncRunEvent; targets: OffsetTarget[]; receivedAt?: Date }>();
  private readonly counted = new Map<string, RunCounts>();

  /** Counts load results per run: rows sent and applied, Canvas row errors, imports. */
  recordResults(results: readonly LoadResult[]): void {
    for (const r of results) {
      if (!r.syncRun) continue;
      const key = runKey(r.tenant, r.syncRun);
      let run = this.counted.get(key);
      if (!run) {
        if (this.counted.size >= MAX_COUNTED_RUNS) this.counted.delete(this.counted.keys().next().value as string);
        run = { counts: {}, imports: new Set() };
        this.counted.set(key, run);
      }
      const add = (name: string) => (run.counts[name] = (run.counts[name] ?? 0) + 1);
      if (r.importId !== null) {
        add('rows.sent');
        run.imports.add(r.importId);
      }
      if (r.outcome === 'applied' || r.outcome === 'warning') add('rows.applied');
      if (r.outcome === 'warning') add('rows.warning');
      if (r.outcome === 'error') add('rows.error');
      if (r.outcome === 'rejected') add('rows.rejected');
    }
  }

  /** Starts waiting for a run the transformer finished; other markers are ignored. */
  awaitRun(event: SyncRunEvent, targets: OffsetTarget[]): boolean {
    if (event.stage !== 'transformer' || event.phase !== 'finished') return false;
    this.pending.set(runKey(event.tenant, event.runId), { event, targets });
    return true;
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Awaited runs whose changes the loader has all received (committed offset, -1 = none, reached the targets), with
   * the moment that was first seen: rows of the tenant received until then are what the run's Canvas state needs.
   */
  received(committed: (topic: string, partition: number) => number, now: Date = new Date()): (SyncRunEvent & { receivedBy: Date })[] {
    return [...this.pending.values()]
      .filter((run) => run.receivedAt || run.targets.every((t) => t.offset === 0 || committed(t.topic, t.partition) >= t.offset))
      .map((run) => {
        run.receivedAt ??= now;
        return { ...run.event, receivedBy: run.receivedAt };
      });
  }

  /** The loader's `finished` marker for an awaited run, which is then forgotten. */
  finish(transformed: Pick<SyncRunEvent, 'tenant' | 'runId' | 'kind'>, at: Date, rows: { failed: number; held: number; waiting: number }): SyncRunEvent {
    const key = runKey(transformed.tenant, transformed.runId);
    const run = this.counted.get(key);
    this.pending.delete(key);
    this.counted.delete(key);
    const counts = {
      'rows.sent': 0, 'rows.applied': 0, ...run?.counts, imports: run?.imports.size ?? 0,
      'rows.failed': rows.failed, 'rows.held': rows.held, 'rows.waiting': rows.waiting,
    };
    return { tenant: transformed.tenant, runId: transformed.runId, kind: transformed.kind, stage: 'loader', phase: 'finished', at: at.toISOString(), counts, message: null };
  }
}
