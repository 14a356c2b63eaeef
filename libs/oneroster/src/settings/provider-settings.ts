import { oneRosterScopePrefix, TokenSettings } from '../client/token.provider';
import { UNUSED_FIELDS, UnusedField } from '../normalise/unused-fields';

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** A tenant's choices about its OneRoster provider (tenant `ic` settings; every field has a safe default). */
export interface ProviderSettings {
  clientAuth: ClientAuthMethod;
  /** Scopes asked for; undefined = the defaults for what the tenant uses (see `scopesFor`). */
  scopes?: string[];
  /** A full run whose count of a collection falls more than this share (percent) below the last full run holds its deletions. */
  countDropHoldPercent: number;
  /** Fields no mapping reads that the extractor still publishes (default none: they are dropped; see `UNUSED_FIELDS`). */
  keepFields: UnusedField[];
}

export const DEFAULT_COUNT_DROP_HOLD_PERCENT = 20;

/** Rostering read-only: all provisioning needs. */
export const rosteringScopes = [`${oneRosterScopePrefix}roster.readonly`];
/** Added for tenants that pass grades back. */
export const gradebookScopes = ['gradebook.readonly', 'gradebook.createput', 'gradebook.delete'].map((s) => oneRosterScopePrefix + s);

/** The scopes a tenant asks for: its setting, else rostering read-only plus the gradebook scopes when it passes grades back. */
export function scopesFor(settings: Pick<ProviderSettings, 'scopes'>, passback: boolean): string[] {
  if (settings.scopes?.length) return settings.scopes;
  return passback ? [...rosteringScopes, ...gradebookScopes] : rosteringScopes;
}

const AUTH_METHODS: ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

/**
 * Reads the provider fields of a tenant's `ic` settings (`clientAuth`, `scopes`, `countDropHoldPercent`, `keepFields`); a bad value
 * throws a message naming the tenant, the setting and the fix.
 */
export function resolveProviderSettings(tenant: string, ic: Record<string, unknown> = {}): ProviderSettings {
  const problems: string[] = [];
  const clientAuth = (ic.clientAuth ?? 'client_secret_basic') as ClientAuthMethod;
  if (!AUTH_METHODS.includes(clientAuth)) problems.push(`ic.clientAuth ${JSON.stringify(ic.clientAuth)} is not one of ${AUTH_METHODS.join(', ')}`);
  let scopes: string[] | undefined;
  if (ic.scopes !== undefined) {
    const list = typeof ic.scopes === 'string' ? ic.scopes.split(/[\s,]+/) : ic.scopes;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) problems.push('ic.scopes must be a list of scope strings');
    // A bare `roster.readonly` is read as the OneRoster 1.2 scope URI of that name.
    else scopes = list.filter(Boolean).map((s: string) => (s.includes(':') ? s : oneRosterScopePrefix + s));
  }
  const percent = ic.countDropHoldPercent ?? DEFAULT_COUNT_DROP_HOLD_PERCENT;
  if (typeof percent !== 'number' || !(percent > 0 && percent <= 100)) {
    problems.push(`ic.countDropHoldPercent ${JSON.stringify(ic.countDropHoldPercent)} must be a number above 0 and at most 100 (100 turns the hold off)`);
  }
  const keepFields = (ic.keepFields ?? []) as UnusedField[];
  if (!Array.isArray(keepFields) || keepFields.some((f) => !(UNUSED_FIELDS as readonly string[]).includes(f))) {
    problems.push(`ic.keepFields ${JSON.stringify(ic.keepFields)} must be a list of ${UNUSED_FIELDS.join(', ')}`);
  }
  if (problems.length > 0) throw new Error(`tenant ${tenant}: ${problems.join('; ')}; fix it with \`ops tenants update ${tenant} --ic-provider …\``);
  return { clientAuth, scopes, countDropHoldPercent: percent as number, keepFields };
}

/** A tenant's stored IC connection, as far as the token request needs it. */
export interface TenantTokenFields {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  appName?: string;
}

/** The token settings of a tenant's connection: its client authentication and scopes (gradebook ones with passback). */
export function tokenSettingsFor(tenant: string, ic: TenantTokenFields, options: { passback: boolean }): TokenSettings {
  const provider = resolveProviderSettings(tenant, ic as unknown as Record<string, unknown>);
  return {
    tokenUrl: ic.tokenUrl,
    clientId: ic.clientId,
    clientSecret: ic.clientSecret,
    ...(ic.appName ? { appName: ic.appName } : {}),
    clientAuth: provider.clientAuth,
    scopes: scopesFor(provider, options.passback),
  };
}
