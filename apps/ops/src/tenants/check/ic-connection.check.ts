import {
  ClientCredentialsTokenProvider, createOneRosterHttp, GradebookClient, globalFetch, oneRosterSettingsForTenant, OneRosterAuthError,
  OneRosterScopeError, RosteringClient, type RosteringCollection, systemClock, type TenantIcConnection,
} from '@rp/oneroster';
import { type CheckResult, fail, messageOf, pass, skipped } from './check-result';

/** The collections a sync reads (each once, one record); the school/term subsets are the same endpoints' filters. */
export const CHECKED_COLLECTIONS: RosteringCollection[] = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments'];

/** A check should answer in seconds: one retry, a short timeout. */
const FAST = { retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 }, timeoutMs: 15_000, pageSize: 1 };

function tokenHint(tenant: string, error: unknown): string {
  if (error instanceof OneRosterScopeError) return `ask the district to grant the scopes to this client, or set the granted ones with \`ops tenants update ${tenant} --ic-provider '{"scopes":[…]}'\``;
  if (error instanceof OneRosterAuthError) {
    return `the client id/secret (or appName) is wrong or expired: store the current secret with \`ops tenants update ${tenant} --secrets-file …\` ` +
      'and check --ic-client-id, --ic-app-name and --ic-provider clientAuth';
  }
  return `IC's token URL is unreachable or failing: check --ic-token-url (\`ops tenants update ${tenant} --ic-token-url …\`) and the network`;
}

function collectionHint(tenant: string, error: unknown): string {
  if (error instanceof OneRosterAuthError) return `IC refused the read: ask the district to grant roster.readonly to this client (or fix --ic-provider scopes for ${tenant})`;
  return `check the rostering URL (\`ops tenants update ${tenant} --ic-base-url …/ims/oneroster/rostering/v1p2\`) and that IC answers`;
}

function gradebookHint(tenant: string, error: unknown): string {
  if (error instanceof OneRosterAuthError) {
    return 'IC refused the gradebook read: store the vendor key IC issued for this district as icVendorAuthorization ("key:secret") with ' +
      `\`ops tenants update ${tenant} --secrets-file …\`, and ask the district for the gradebook scopes`;
  }
  return `check the gradebook URL (\`ops tenants update ${tenant} --ic-gradebook-url …/ims/oneroster/gradebook/v1p2\`)`;
}

/** Whether the tenant's token asks for gradebook scopes (its own scope list may leave them out: no passback). */
function passesBack(ic: TenantIcConnection & { scopes?: string[] }): boolean {
  return !ic.scopes?.length || ic.scopes.some((scope) => scope.includes('gradebook'));
}

/**
 * IC: a token, one page of each rostering collection, and (for a tenant that passes grades back) one page of line
 * items with the vendor header. A failed token makes the reads pointless, so they are skipped.
 */
export async function checkInfiniteCampus(tenant: string, ic: TenantIcConnection & { scopes?: string[] }): Promise<CheckResult[]> {
  const passback = passesBack(ic);
  const results: CheckResult[] = [];
  let settings;
  try {
    settings = { ...oneRosterSettingsForTenant(tenant, ic, { passback }), ...FAST };
  } catch (error) {
    return [fail('ic settings', messageOf(error), `fix the stored settings with \`ops tenants update ${tenant}\``)];
  }
  const tokens = new ClientCredentialsTokenProvider(tenant, settings.token, globalFetch, systemClock);
  try {
    await tokens.token();
    results.push(pass('ic token', `${settings.token.tokenUrl} issued a token to client ${settings.token.clientId}`));
  } catch (error) {
    results.push(fail('ic token', messageOf(error), tokenHint(tenant, error)));
    results.push(skipped('ic rostering', 'no token'), skipped('ic gradebook', 'no token'));
    return results;
  }
  const http = createOneRosterHttp(settings, { tokens });
  const rostering = new RosteringClient(settings, {}, http);
  for (const collection of CHECKED_COLLECTIONS) {
    try {
      const first = await rostering.pages(collection, { pageSize: 1 })[Symbol.asyncIterator]().next();
      const count = first.done ? 0 : first.value.records.length;
      results.push(pass(`ic ${collection}`, `read ${count} record(s)`));
    } catch (error) {
      results.push(fail(`ic ${collection}`, messageOf(error), collectionHint(tenant, error)));
    }
  }
  if (!passback) {
    results.push(skipped('ic gradebook', 'the tenant\'s scopes leave out the gradebook (no passback)'));
    return results;
  }
  try {
    const gradebook = new GradebookClient(settings, {}, http);
    await gradebook.pages('lineItems', [], { pageSize: 1 })[Symbol.asyncIterator]().next();
    results.push(pass('ic gradebook', `read lineItems${settings.vendorAuthorization ? ' with the vendor key' : ''}`));
  } catch (error) {
    results.push(fail('ic gradebook', messageOf(error), gradebookHint(tenant, error)));
  }
  return results;
}
