import type { LoadResult } from '@rp/messaging';

/** Publishes `canvas.load-results` records (resolves once Kafka acknowledged them). */
export type LoadResultSink = (results: LoadResult[]) => Promise<void>;

/** One load result for an entity. */
export function loadResult(
  tenant: string,
  row: { canvasType: string; sisId: string; syncRun: string | null },
  outcome: LoadResult['outcome'],
  at: Date,
  extra: { importId?: number | null; message?: string | null; planId?: string } = {},
): LoadResult {
  return {
    tenant, canvasType: row.canvasType, sisId: row.sisId, syncRun: row.syncRun, importId: extra.importId ?? null,
    outcome, message: extra.message ?? null, at: at.toISOString(),
    ...(extra.planId !== undefined ? { planId: extra.planId } : {}),
  };
}
