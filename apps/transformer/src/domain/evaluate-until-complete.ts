import { RetriableError } from '@rp/messaging';
import type { OneRosterEntityChange } from '@rp/messaging';
import { BatchPlan, SettingsOutcome, evaluateTenantBatch } from './evaluate-batch';
import { ChangeBodies } from './decode-change';
import { firstLookups, prefetch } from './prefetch';
import type { Lookup, TenantSnapshot } from './tenant-snapshot';

/** Rounds of "evaluate, load what was missing" before giving up (the deepest chain is enrollment → class → term → parent). */
export const MAX_LOAD_ROUNDS = 12;

/** The plan, and how many evaluations of the slice it took (for logs and the benchmark's diagnosis). */
export type EvaluatedPlan = BatchPlan & { evaluations: number };

/**
 * Evaluates a tenant's changes, loading whatever the evaluation looked up but the snapshot did not hold, and
 * evaluating again until nothing is missing. What the evaluation will surely need (the changed entities, what
 * waits for them, their parents and the parents' parents) is loaded first, so one evaluation usually finds
 * everything and a second covers what only the evaluation can tell (dependants to re-project). Each load asks
 * for all misses of the whole slice at once: a few queries per round, not a few per record. Each record's JSON
 * is parsed once, whatever the number of rounds.
 */
export async function evaluateUntilComplete(
  changes: readonly OneRosterEntityChange[],
  settings: SettingsOutcome,
  snapshot: TenantSnapshot,
  now: Date,
  load: (misses: Lookup[]) => Promise<void>,
): Promise<EvaluatedPlan> {
  const bodies = new ChangeBodies();
  await prefetch(snapshot, firstLookups(changes, bodies, settings.ok), load);
  for (let round = 0; round < MAX_LOAD_ROUNDS; round++) {
    let plan: BatchPlan | undefined;
    let failure: unknown;
    try {
      plan = evaluateTenantBatch(changes, settings, snapshot.view(now), bodies);
    } catch (error) {
      failure = error;
    }
    const misses = snapshot.takeMisses();
    // An error on incomplete data may vanish once the missing records are loaded; on complete data it stands.
    if (misses.length === 0) {
      if (failure !== undefined) throw failure;
      return { ...plan!, evaluations: round + 1 };
    }
    await load(misses);
  }
  throw new RetriableError(`tenant ${snapshot.tenant}: projection context still incomplete after ${MAX_LOAD_ROUNDS} load rounds`);
}
