import { CanvasError, CanvasHttpClient, SisImportClient } from '@rp/canvas';
import { readCanvasRootAccount } from '../canvas-account-identity';
import { type CheckResult, fail, messageOf, pass, skipped } from './check-result';

export interface CanvasCheckTarget {
  baseUrl: string;
  rootAccountId: string;
  token: string;
  rootAccountUuid?: string;
}

/** Canvas answers a missing permission with 401 (not 403, docs/canvas.md §4.4) and a disabled feature with 403. */
function sisImportHint(tenant: string, error: unknown, account: string): string {
  const status = error instanceof CanvasError ? error.status : undefined;
  if (status === 401) {
    return `the token's user lacks the "SIS Data - import" permission on root account ${account}: grant it to the user's admin role ` +
      `(or use an account admin's token) and store the token with \`ops tenants update ${tenant} --secrets-file …\``;
  }
  if (status === 403) return `SIS imports are not enabled for root account ${account}: ask Instructure (or a site admin) to enable the SIS import feature`;
  if (status === 400) return `account ${account} is not a root account: set the root account with \`ops tenants update ${tenant} --canvas-root-account …\``;
  return `Canvas at the tenant's base URL did not answer: check --canvas-base-url and the network`;
}

/** Canvas: the token reads the root account (the stored uuid still matches), and may list SIS imports there. */
export async function checkCanvas(tenant: string, canvas: CanvasCheckTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  try {
    const account = await readCanvasRootAccount(tenant, canvas);
    if (canvas.rootAccountUuid && canvas.rootAccountUuid !== account.uuid) {
      results.push(fail('canvas account', `account ${canvas.rootAccountId} now has uuid ${account.uuid}, not the stored ${canvas.rootAccountUuid}`,
        `the base URL or account points at another Canvas: fix --canvas-base-url / --canvas-root-account with \`ops tenants update ${tenant}\``));
    } else {
      results.push(pass('canvas account', `the token reads root account ${canvas.rootAccountId} ("${account.name}")`));
    }
  } catch (error) {
    results.push(fail('canvas account', messageOf(error), `give a token of an admin of the root account: \`ops tenants update ${tenant} --secrets-file …\``));
    results.push(skipped('canvas sis import', 'the account is not readable'));
    return results;
  }
  try {
    const http = new CanvasHttpClient({ baseUrl: canvas.baseUrl, token: canvas.token, tenant, maxAttempts: 2, timeoutMs: 15_000 });
    await new SisImportClient(http).list(canvas.rootAccountId).next();
    results.push(pass('canvas sis import', `the token may read SIS imports of account ${canvas.rootAccountId}`));
  } catch (error) {
    results.push(fail('canvas sis import', messageOf(error), sisImportHint(tenant, error, canvas.rootAccountId)));
  }
  return results;
}
