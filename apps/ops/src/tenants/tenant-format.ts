import type { TenantSummary } from '@rp/persistence';
import { formatTable } from '../cli/table';
import { scheduleStatus } from './schedule-status';

/** Tenants as a table (secrets only as set/unset). */
export function formatTenantList(tenants: TenantSummary[]): string {
  if (tenants.length === 0) return 'No tenants yet; add one with `ops tenants add <id> ...` (see `ops tenants add --help`).';
  return formatTable(
    ['ID', 'NAME', 'STATUS', 'IC', 'CANVAS', 'SECRETS'],
    tenants.map((t) => [t.id, t.name, t.status === 'active' && t.schedule.paused ? 'active (sync paused)' : t.status, t.ic.baseUrl ?? '-', t.canvas.baseUrl ?? '-', secretsLine(t)]),
  );
}

/** One tenant's settings; secret values are never part of a TenantSummary, only whether they are set. */
export function formatTenant(t: TenantSummary, warnings: string[] = [], now = new Date()): string {
  const status = scheduleStatus(t, now);
  const json = (value: Record<string, unknown>) => (Object.keys(value).length === 0 ? '(defaults)' : JSON.stringify(value));
  const rows: [string, string | undefined][] = [
    ['id', t.id],
    ['name', t.name],
    ['status', t.status],
    ['ic base url', t.ic.baseUrl],
    ['ic token url', t.ic.tokenUrl],
    ['ic client id', t.ic.clientId],
    ['ic app name', t.ic.appName],
    ['ic gradebook url', t.ic.gradebookUrl],
    ['ic provider', providerLine(t)],
    ['canvas base url', t.canvas.baseUrl],
    ['canvas root account', t.canvas.rootAccountId],
    ['canvas account uuid', t.canvas.rootAccountUuid],
    ['canvas jwks url', t.canvas.liveEventsJwksUrl],
    ['live events delivery url', t.canvas.liveEventsUrlSecretSha256 ? 'set (unsigned delivery; rotate with `ops tenants live-events-url`)' : undefined],
    ['ic client secret', setOrUnset(t.secrets.icClientSecret)],
    ['ic secret expires', expiryLine((t.ic as { clientSecretExpiresAt?: string }).clientSecretExpiresAt, now)],
    ['canvas token', setOrUnset(t.secrets.canvasToken)],
    ['canvas token expires', expiryLine((t.canvas as { tokenExpiresAt?: string }).tokenExpiresAt, now)],
    ['ic vendor authorization', setOrUnset(t.secrets.icVendorAuthorization)],
    ['mapping', json(t.mapping)],
    ['thresholds', json(t.thresholds)],
    ['passback', json(t.passback)],
    ['schedule', json(t.schedule)],
    ['notifications', json(t.notifications ?? {})],
    ['sync paused', status.paused],
    ['blackout now', status.blackout],
    ['updated at', t.updatedAt instanceof Date ? t.updatedAt.toISOString() : String(t.updatedAt)],
  ];
  for (const warning of [...warnings, ...(status.problem ? [status.problem] : [])]) rows.push(['warning', warning]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value ?? '-'}`).join('\n');
}

/**
 * The machine form of a tenant: the summary as stored, with secrets listed by name under `sealed.set` /
 * `sealed.unset` (a field named like a secret would be redacted by the output filter, even a boolean).
 */
export function tenantJson(t: TenantSummary): Record<string, unknown> {
  const { secrets, ic, canvas, ...rest } = t;
  const names = Object.keys(secrets) as (keyof TenantSummary['secrets'])[];
  // the expiry dates leave ic/canvas for `expires`: their stored names contain "secret"/"token", which the filter redacts
  const { clientSecretExpiresAt, ...icShown } = ic;
  const { tokenExpiresAt, ...canvasShown } = canvas;
  return {
    ...rest, ic: icShown, canvas: canvasShown,
    expires: { ic: clientSecretExpiresAt ?? null, canvas: tokenExpiresAt ?? null },
    sealed: { set: names.filter((n) => secrets[n]), unset: names.filter((n) => !secrets[n]) },
  };
}

/** The tenant's OneRoster provider choices as stored (defaults named so an operator sees what is in force). */
function providerLine(t: TenantSummary): string {
  const ic = t.ic as Record<string, unknown>;
  const scopes = Array.isArray(ic.scopes) ? (ic.scopes as string[]).join(' ') : 'default (rostering; gradebook with passback)';
  return `clientAuth ${String(ic.clientAuth ?? 'client_secret_basic')}, scopes ${scopes}, countDropHoldPercent ${String(ic.countDropHoldPercent ?? 20)}`;
}

/** "2027-06-30T00:00:00.000Z (in 204 days)", "… (expired 3 days ago)", or unknown with where to set it. */
function expiryLine(at: string | undefined, now: Date): string {
  if (!at) return 'unknown (set with --ic-secret-expires / --canvas-token-expires)';
  const days = Math.floor((Date.parse(at) - now.getTime()) / 86_400_000);
  return `${at} (${days >= 0 ? `in ${days} day(s)` : `expired ${-days} day(s) ago`})`;
}

const setOrUnset = (set: boolean) => (set ? 'set' : 'unset');

function secretsLine(t: TenantSummary): string {
  const missing = [
    !t.secrets.icClientSecret && 'ic-secret',
    !t.secrets.canvasToken && 'canvas-token',
  ].filter(Boolean);
  return missing.length === 0 ? 'ok' : `missing ${missing.join(', ')}`;
}
