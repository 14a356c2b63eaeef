import { encodeCsvLine } from '@rp/canvas';
import type { LoaderPlan, LoaderPlanItem } from '@rp/persistence';

/** Columns of `ops plans export` (one row per held change). */
export const PLAN_CSV_COLUMNS = ['plan_id', 'tenant', 'plan_status', 'object_type', 'sis_id', 'school', 'change', 'over_threshold', 'row'] as const;

/** The CSV header line. */
export const planCsvHeader = (): string => encodeCsvLine([...PLAN_CSV_COLUMNS]);

/**
 * CSV lines of a page of a plan's rows: `change` is the SIS status the row would set (`deleted`, `completed`, …,
 * else the op), `over_threshold` whether its type and school went over the tenant's threshold, `row` the SIS row as
 * JSON (what Canvas would receive).
 */
export function planCsvLines(plan: LoaderPlan, items: readonly LoaderPlanItem[]): string {
  const over = new Set(plan.summary.exceeded.map((g) => `${g.canvasType}|${g.school ?? ''}`));
  return items.map((i) => encodeCsvLine([
    plan.id, plan.tenant, plan.status, i.canvasType, i.sisId, i.school ?? '', i.row.status ?? i.op,
    over.has(`${i.canvasType}|${i.school ?? ''}`) ? 'yes' : 'no', JSON.stringify(i.row),
  ])).join('');
}
