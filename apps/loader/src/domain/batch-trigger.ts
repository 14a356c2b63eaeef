export interface BatchLimits {
  maxRows: number;
  maxWaitMs: number;
}

/** A batch closes when enough rows are pending or the oldest has waited long enough. */
export function shouldCloseBatch(pending: { count: number; oldest: Date | null }, limits: BatchLimits, now: Date): boolean {
  if (pending.count === 0 || !pending.oldest) return false;
  return pending.count >= limits.maxRows || now.getTime() - pending.oldest.getTime() >= limits.maxWaitMs;
}
