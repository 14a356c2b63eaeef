import { coalesceLatest } from '@rp/mapping';
import type { GradebookWrite } from '@rp/messaging';

/** One tenant's writes in the order IC needs them: lineItems exist before their results; deletes go last. */
export interface TenantWritePlan {
  tenant: string;
  lineItems: GradebookWrite[];
  results: GradebookWrite[];
  deletes: GradebookWrite[];
}

/**
 * Coalesces a batch (per tenant and sourcedId the latest Canvas event time wins; on a tie the later record) and
 * orders each tenant's writes into stages.
 */
export function planWrites(writes: readonly GradebookWrite[]): TenantWritePlan[] {
  const latest = coalesceLatest(writes, (w) => `${w.tenant}|${w.sourcedId}`, (w) => w.canvasEventTime);
  const plans = new Map<string, TenantWritePlan>();
  for (const w of latest) {
    const plan = plans.get(w.tenant) ?? { tenant: w.tenant, lineItems: [], results: [], deletes: [] };
    plans.set(w.tenant, plan);
    if (w.op === 'delete') plan.deletes.push(w);
    else if (w.kind === 'lineItem') plan.lineItems.push(w);
    else plan.results.push(w);
  }
  return [...plans.values()];
}
