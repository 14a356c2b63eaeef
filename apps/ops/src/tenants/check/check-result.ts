/** One line of `ops tenants check`: what was checked, whether it passed, and what to do when it did not. */
export interface CheckResult {
  check: string;
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
  /** The fix, when the check failed. */
  hint?: string;
}

/** The whole check of a tenant: it can run when no line failed. */
export interface TenantCheckReport {
  tenant: string;
  canRun: boolean;
  checks: CheckResult[];
  /** The Canvas token's expiry as Canvas told it (null: never expires); absent when Canvas did not say. */
  canvasExpiry?: string | null;
}

export const pass = (check: string, detail: string): CheckResult => ({ check, status: 'pass', detail });
export const skipped = (check: string, detail: string): CheckResult => ({ check, status: 'skipped', detail });
export const fail = (check: string, detail: string, hint: string): CheckResult => ({ check, status: 'fail', detail, hint });

/** The message of a thrown value, for a check line. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Human form: one line per check, the hint under a failed one, and the verdict. */
export function formatCheckReport(report: TenantCheckReport): string {
  const lines = report.checks.map((c) => {
    const head = `${c.status.toUpperCase().padEnd(7)} ${c.check.padEnd(22)} ${c.detail}`;
    return c.hint ? `${head}\n        fix: ${c.hint}` : head;
  });
  lines.push(report.canRun ? `Tenant ${report.tenant} can run.` : `Tenant ${report.tenant} cannot run until the failed checks are fixed.`);
  return lines.join('\n');
}
