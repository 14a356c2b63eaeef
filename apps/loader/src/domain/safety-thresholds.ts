/** How much a batch may delete or drop per type and school before it is held for an operator. */
export interface SafetyThreshold {
  /** Fraction (0–1) of the school's applied entities of that type. */
  maxDeleteFraction: number;
  /** Fewer destructive rows than this never hold a batch. */
  minDeleteCount: number;
}

export interface SafetyThresholds extends SafetyThreshold {
  perType: Record<string, SafetyThreshold>;
}

export const DEFAULT_SAFETY_THRESHOLD: SafetyThreshold = { maxDeleteFraction: 0.1, minDeleteCount: 10 };

/** Reads the tenant's `thresholds` JSON (`{maxDeleteFraction, minDeleteCount, perType: {enrollment: {...}}}`). */
export function resolveSafetyThresholds(tenant: string, input: unknown): SafetyThresholds {
  const obj = (input ?? {}) as Record<string, unknown>;
  const base = thresholdOf(tenant, 'thresholds', obj, DEFAULT_SAFETY_THRESHOLD);
  const perTypeInput = (obj.perType ?? {}) as Record<string, unknown>;
  if (typeof perTypeInput !== 'object' || Array.isArray(perTypeInput)) {
    throw new Error(`tenant ${tenant}: thresholds.perType must be an object keyed by Canvas type; fix it with \`ops tenants update ${tenant}\``);
  }
  const perType = Object.fromEntries(
    Object.entries(perTypeInput).map(([type, value]) => [type, thresholdOf(tenant, `thresholds.perType.${type}`, (value ?? {}) as Record<string, unknown>, base)]),
  );
  return { ...base, perType };
}

/** The threshold of one Canvas type. */
export function thresholdFor(thresholds: SafetyThresholds, canvasType: string): SafetyThreshold {
  return thresholds.perType[canvasType] ?? thresholds;
}

function thresholdOf(tenant: string, where: string, obj: Record<string, unknown>, fallback: SafetyThreshold): SafetyThreshold {
  const fraction = obj.maxDeleteFraction ?? fallback.maxDeleteFraction;
  const count = obj.minDeleteCount ?? fallback.minDeleteCount;
  const problems: string[] = [];
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) problems.push(`${where}.maxDeleteFraction must be a number from 0 to 1`);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) problems.push(`${where}.minDeleteCount must be a whole number ≥ 0`);
  if (problems.length > 0) throw new Error(`tenant ${tenant}: ${problems.join('; ')}; fix it with \`ops tenants update ${tenant}\``);
  return { maxDeleteFraction: fraction as number, minDeleteCount: count as number };
}
