import type { SyncKind } from '@rp/messaging';

export interface QueuedRun {
  tenant: string;
  runId: string;
  kind: SyncKind;
  /** `ops sync --full --plan`: its changes become a preview plan in the loader (ADR 0131). */
  planOnly?: boolean;
}

/**
 * One run per tenant at a time; tenants run in parallel up to a limit. A request for a tenant whose run is
 * already waiting is merged into it (a full run covers a delta), so a burst of requests makes one run. A plan-only
 * request and an applying one are never merged (one would apply what the other only previews): the newcomer is refused.
 */
export class RunQueue {
  private readonly waiting = new Map<string, QueuedRun>();
  private readonly running = new Set<string>();

  constructor(private readonly maxParallel: number) {}

  /** Adds a run; returns the run that will cover it (the new one, or the one already waiting), or `refused`. */
  add(run: QueuedRun): { run: QueuedRun; merged: boolean; refused?: boolean } {
    const queued = this.waiting.get(run.tenant);
    if (!queued) {
      this.waiting.set(run.tenant, run);
      return { run, merged: false };
    }
    if ((queued.planOnly ?? false) !== (run.planOnly ?? false)) return { run: queued, merged: false, refused: true };
    if (run.kind === 'full' && queued.kind === 'delta') queued.kind = 'full';
    return { run: queued, merged: true };
  }

  /** Runs that may start now (their tenant idle, within the parallel limit); they count as running. */
  takeStartable(): QueuedRun[] {
    const started: QueuedRun[] = [];
    for (const [tenant, run] of this.waiting) {
      if (this.running.size >= this.maxParallel) break;
      if (this.running.has(tenant)) continue;
      this.waiting.delete(tenant);
      this.running.add(tenant);
      started.push(run);
    }
    return started;
  }

  done(tenant: string): void {
    this.running.delete(tenant);
  }

  /** The kind of the tenant's waiting run, if one waits. */
  waitingKind(tenant: string): SyncKind | undefined {
    return this.waiting.get(tenant)?.kind;
  }

  isBusy(tenant: string): boolean {
    return this.running.has(tenant) || this.waiting.has(tenant);
  }

  get idle(): boolean {
    return this.running.size === 0 && this.waiting.size === 0;
  }
}
