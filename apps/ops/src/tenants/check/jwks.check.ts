import { JwksKeyStore } from '@rp/canvas';
import { type CheckResult, fail, messageOf, pass, skipped } from './check-result';

/** Signed Live Events: the tenant's JWKS URL answers with a key set (an unknown kid forces the download). */
export async function checkJwks(tenant: string, jwksUrl: string | undefined): Promise<CheckResult> {
  if (!jwksUrl) return skipped('canvas jwks', 'no JWKS URL: the tenant does not use signed Live Events');
  const store = new JwksKeyStore({ jwksUrl, tenant, timeoutMs: 10_000, cooldownMs: 0 });
  try {
    await store.getKey({ kid: '\u0000ops-tenants-check' });
  } catch (error) {
    if (store.fetches > 0 && error instanceof Error && error.name === 'UnknownSigningKeyError') {
      return pass('canvas jwks', `${jwksUrl} served a key set`);
    }
    return fail('canvas jwks', messageOf(error),
      `the gateway cannot verify signed Live Events: fix the URL with \`ops tenants update ${tenant} --canvas-jwks-url …\` or let the gateway reach it`);
  }
  return pass('canvas jwks', `${jwksUrl} served a key set`);
}
