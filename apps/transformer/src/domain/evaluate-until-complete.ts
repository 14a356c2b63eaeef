import { RetriableError } from '@rp/messaging';
import type { OneRosterEntityChange } from '@rp/messaging';
import { BatchPlan, SettingsOutcome, evaluateTenantBatch } from './evaluate-batch';
import type { Lookup, TenantSnapshot } from './tenant-snapshot';

/** Rounds of "evaluate, load what was missing" before giving up (the deepest chain is enrollment → class → term → parent). */
export const MAX_LOAD_ROUNDS = 12;

/**
 * Evaluates a tenant's changes, loading whatever the evaluation looked up but the snapshot did not hold, and
 * evaluating again until nothing is missing. Each round loads all misses of the whole slice at once, so a slice
 * of 500 records costs a few queries per round, not a few per record.
 */
export async function evaluateUntilComplete(
  changes: readonly OneRosterEntityChange[],
  settings: SettingsOutcome,
  snapshot: TenantSnapshot,
  now: Date,
  load: (misses: Lookup[]) => Promise<void>,
): Promise<BatchPlan> {
  for (let round = 0; round < MAX_LOAD_ROUNDS; round++) {
    let plan: BatchPlan | undefined;
    let failure: unknown;
    try {
      plan = evaluateTenantBatch(changes, settings, snapshot.view(now));
    } catch (error) {
      failure = error;
    }
    const misses = snapshot.takeMisses();
    // An error on incomplete data may vanish once the missing records are loaded; on complete data it stands.
    if (misses.length === 0) {
      if (failure !== undefined) throw failure;
      return plan!;
    }
    await load(misses);
  }
  throw new RetriableError(`tenant ${snapshot.tenant}: projection context still incomplete after ${MAX_LOAD_ROUNDS} load rounds`);
}
