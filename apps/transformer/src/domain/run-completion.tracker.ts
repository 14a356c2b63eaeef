import type { SyncRunEvent } from '@rp/messaging';

import type { OffsetTarget } from '@rp/runtime';

interface PendingRun {
  event: SyncRunEvent;
  targets: OffsetTarget[];
}

const runKey = (tenant: string, runId: string) => `${tenant}|${runId}`;

/**
 * Knows when the transformer has worked through a sync run. The extractor publishes a run's records before its
 * `finished` marker, so once the transformer's committed offsets reach the input end offsets seen with the marker,
 * every record of the run is projected; then the transformer's own `finished` marker goes out with its counts.
 * Counts are what this process projected for the run (a restart or a second replica makes them partial).
 */
export class RunCompletionTracker {
  private readonly pending = new Map<string, PendingRun>();
  private readonly counts = new Map<string, Record<string, number>>();

  /** Adds counts (e.g. `records`, `course.published`) for a run. */
  count(tenant: string, runId: string, counts: Record<string, number>): void {
    const key = runKey(tenant, runId);
    const current = this.counts.get(key) ?? {};
    for (const [name, n] of Object.entries(counts)) current[name] = (current[name] ?? 0) + n;
    this.counts.set(key, current);
  }

  /** Starts waiting for the backlog of an extractor run that finished; other markers are ignored. */
  awaitRun(event: SyncRunEvent, targets: OffsetTarget[]): boolean {
    if (event.stage !== 'extractor' || event.phase !== 'finished') return false;
    this.pending.set(runKey(event.tenant, event.runId), { event, targets });
    return true;
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Runs whose targets the committed offsets (-1 = none) have reached; they are forgotten once returned. */
  completed(committed: (topic: string, partition: number) => number, at: Date): SyncRunEvent[] {
    const done: SyncRunEvent[] = [];
    for (const [key, run] of this.pending) {
      if (!run.targets.every((t) => t.offset === 0 || committed(t.topic, t.partition) >= t.offset)) continue;
      this.pending.delete(key);
      const counts = this.counts.get(key) ?? {};
      this.counts.delete(key);
      done.push({
        tenant: run.event.tenant, runId: run.event.runId, kind: run.event.kind, stage: 'transformer', phase: 'finished',
        at: at.toISOString(), counts: { records: 0, ...counts }, message: null,
      });
    }
    return done;
  }
}
