import type { ParkedListing } from '@rp/persistence';
import { formatTable } from '../cli/table';

/** A parked row as `ops parked` shows it: what it waits on (or is blocked by), since when, and whether it is flagged. */
export interface ParkedView {
  type: string;
  sourcedId: string;
  state: ParkedListing['state'];
  /** Short reason: "waits for class c-9", "blocked by deleted class c-9", "mapping settings unusable". */
  reason: string;
  waitingOn: string[];
  since: string;
  /** Waiting longer than the tenant's `parking.flagAfterHours`. */
  flagged: boolean;
  message: string;
}

const SPECIAL_REFS: Record<string, string> = {
  'settings:mapping': "the tenant's mapping settings are unusable",
  'mapping:error': 'it cannot be mapped as it is',
};

const named = (ref: string) => {
  const at = ref.indexOf(':');
  return SPECIAL_REFS[ref] ?? `${ref.slice(0, at)} ${ref.slice(at + 1)}`;
};

/** One parked row for people: its reason in a few words and whether it waited past `flagBefore`. */
export function parkedView(row: ParkedListing, flagBefore: Date): ParkedView {
  const refs = row.waitingFor.map(named);
  const special = row.waitingFor.find((ref) => SPECIAL_REFS[ref]);
  const reason = row.state === 'blocked'
    ? `blocked by deleted ${refs.join(', ')}; nothing sent`
    : special ? `waits: ${SPECIAL_REFS[special]}` : `waits for ${refs.join(', ')}`;
  const since = new Date(row.since);
  return {
    type: row.type, sourcedId: row.sourcedId, state: row.state, reason, waitingOn: row.waitingFor,
    since: since.toISOString(), flagged: row.state === 'waiting' && since < flagBefore, message: row.message,
  };
}

/** Parked rows as a table; flagged rows say so, and the footer says what the states mean and how to page. */
export function formatParkedList(shown: { tenant: string; rows: ParkedView[]; offset: number; limit: number; flagAfterHours: number }): string {
  const { tenant, rows, offset, limit, flagAfterHours } = shown;
  if (rows.length === 0) return offset > 0 ? `no more parked records for tenant ${tenant}` : `nothing parked for tenant ${tenant}`;
  const lines = [
    formatTable(['TYPE', 'SOURCED ID', 'STATE', 'SINCE', 'FLAG', 'REASON'], rows.map((r) => [
      r.type, r.sourcedId, r.state, r.since, r.flagged ? `waiting > ${flagAfterHours} h` : '', r.reason,
    ])),
  ];
  if (rows.length === limit) lines.push(`(next page: --offset ${offset + limit})`);
  lines.push(`details: \`ops parked show --tenant ${tenant} <type> <sourcedId>\``);
  return lines.join('\n');
}

/** One parked row in full. */
export function formatParked(view: ParkedView & { tenant: string; flagAfterHours: number }): string {
  return [
    `${view.type} ${view.sourcedId} (tenant ${view.tenant}): ${view.state}${view.flagged ? `, flagged: waiting longer than ${view.flagAfterHours} h` : ''}`,
    `since ${view.since}`,
    `${view.state === 'blocked' ? 'blocked by' : 'waiting on'}: ${view.waitingOn.join(', ')}`,
    view.message,
  ].join('\n');
}
