import { encodeCsvLine } from '@rp/canvas';
import type { RunHistoryObject } from '@rp/persistence';

/** Why an object of a run is in its report: it did not reach Canvas. */
export type ReportStatus = 'refused' | 'failed' | 'held' | 'parked' | 'rejected';

/** One row of `ops runs report`: an object of the run that is not in Canvas, why, and what to do. */
export interface RunReportRow {
  runId: string;
  tenant: string;
  status: ReportStatus;
  objectType: string;
  sisId: string;
  reason: string;
  fixHint: string;
  importId: number | null;
  at: string;
}

/** The CSV columns, in order (documented in docs/adr/0130-run-history.md). */
export const REPORT_COLUMNS = ['run_id', 'tenant', 'status', 'object_type', 'sis_id', 'reason', 'fix_hint', 'canvas_import_id', 'at'] as const;

/**
 * The report status of a load outcome: an `error` with a Canvas import id is a row Canvas refused; one without was
 * refused by the loader's SIS CSV checks before sending (`failed`); `waiting` rows are parked until their references
 * reach Canvas. Undefined for outcomes that reached Canvas.
 */
export function reportStatusOf(object: Pick<RunHistoryObject, 'outcome' | 'importId'>): ReportStatus | undefined {
  switch (object.outcome) {
    case 'error': return object.importId !== null ? 'refused' : 'failed';
    case 'held': return 'held';
    case 'waiting': return 'parked';
    case 'rejected': return 'rejected';
    default: return undefined;
  }
}

/** Known Canvas refusals and what fixes them; the first match wins. */
const CANVAS_REFUSALS: { pattern: RegExp; hint: (tenant: string) => string }[] = [
  { pattern: /improper role/i, hint: (t) => `map the IC role to a Canvas role (ops tenants update ${t} --mapping, roles) or fix the role in Infinite Campus` },
  { pattern: /login.*(taken|already|in use)|already.*login/i, hint: () => 'another Canvas user already has this login: fix the login in Infinite Campus or change the tenant\'s login mapping' },
  { pattern: /(course|section|user|account|term).*(not found|does not exist|unknown|couldn't find)/i, hint: () => 'a referenced object is missing in Canvas: check that it was imported (ops why) and that its SIS id matches' },
  { pattern: /\bdates?\b/i, hint: () => 'fix the date in Infinite Campus (the term or class dates Canvas refused)' },
];

/** What an operator does about one object of the report. */
export function fixHintOf(status: ReportStatus, tenant: string, reason: string): string {
  switch (status) {
    case 'held':
      return `decide the held plan: \`ops plans list --tenant ${tenant} --status held\`, then approve it if the drop is intended or reject it if the IC data was incomplete`;
    case 'parked':
      return `imported once what it waits for (named in the reason) reaches Canvas; if that never comes, check that record in Infinite Campus and whether the transformer holds it back (\`ops parked list --tenant ${tenant}\`)`;
    case 'rejected':
      return 'an operator rejected the plan holding it; nothing was sent. If the change is still in Infinite Campus, the next run holds it again';
    case 'failed':
      return 'fix the field named in the reason in Infinite Campus; the row is sent again once a corrected version arrives';
    case 'refused':
      return CANVAS_REFUSALS.find((r) => r.pattern.test(reason))?.hint(tenant)
        ?? 'fix the record in Infinite Campus as the reason says; the corrected version is sent at the next run (`ops replay` resends it at once)';
  }
}

/** The report rows of a run's recorded objects (objects that reached Canvas are left out), by status, type and SIS id. */
export function runReportRows(objects: readonly RunHistoryObject[]): RunReportRow[] {
  const rows: RunReportRow[] = [];
  for (const o of objects) {
    const status = reportStatusOf(o);
    if (!status) continue;
    const reason = o.message ?? o.outcome;
    rows.push({
      runId: o.runId, tenant: o.tenant, status, objectType: o.canvasType, sisId: o.sisId, reason,
      fixHint: fixHintOf(status, o.tenant, reason), importId: o.importId, at: o.at.toISOString(),
    });
  }
  return rows.sort((a, b) => a.status.localeCompare(b.status) || a.objectType.localeCompare(b.objectType) || a.sisId.localeCompare(b.sisId));
}

/** The report as RFC 4180 CSV with a header line. */
export function runReportCsv(rows: readonly RunReportRow[]): string {
  return encodeCsvLine([...REPORT_COLUMNS]) + rows.map((r) =>
    encodeCsvLine([r.runId, r.tenant, r.status, r.objectType, r.sisId, r.reason, r.fixHint, r.importId === null ? '' : String(r.importId), r.at])).join('');
}
