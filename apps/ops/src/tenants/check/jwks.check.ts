import { type FetchPort, JwksKeyStore, UnknownSigningKeyError } from '@rp/canvas';
import { type CheckResult, fail, messageOf, pass, skipped } from './check-result';

const CHECK = 'canvas jwks';

/**
 * Signed Live Events: the tenant's JWKS URL answers with at least one RSA signing key. The gateway's own key store
 * downloads it (asked for a kid no set has), so the check reads it exactly as the gateway will.
 */
export async function checkJwks(tenant: string, jwksUrl: string | undefined, fetchPort?: FetchPort): Promise<CheckResult> {
  if (!jwksUrl) return skipped(CHECK, 'no JWKS URL: the tenant does not use signed Live Events');
  const store = new JwksKeyStore({ jwksUrl, tenant, timeoutMs: 10_000, cooldownMs: Number.POSITIVE_INFINITY, ...(fetchPort ? { fetch: fetchPort } : {}) });
  const fixUrl = `the gateway cannot verify signed Live Events: fix the URL with \`ops tenants update ${tenant} --canvas-jwks-url …\` or let the gateway reach it`;
  try {
    await store.getKey({ kid: 'ops-tenants-check' });
  } catch (error) {
    if (!(error instanceof UnknownSigningKeyError)) return fail(CHECK, messageOf(error), fixUrl);
  }
  if (store.keyCount === 0) {
      return fail(CHECK, `${jwksUrl} served no RSA signing key`, fixUrl);
  }
  return pass(CHECK, `${jwksUrl} served ${store.keyCount} signing key(s)`);
}
