import { CanvasError, CanvasHttpClient, CanvasRestClient, type FetchPort } from '@rp/canvas';
import { UserError } from '../ops-errors';

/** What Canvas says about the root account a tenant is pointed at. */
export interface CanvasRootAccount {
  uuid: string;
  name: string;
}

export interface CanvasAccountTarget {
  baseUrl: string;
  rootAccountId: string;
  token: string;
}

/**
 * Reads the tenant's root account with its own token (`GET /api/v1/accounts/:id`), so the account's uuid — not the
 * spelling of a URL — identifies the Canvas account, and a wrong token or a sub-account is caught before saving.
 * Canvas refusing is the operator's to fix (exit 1); Canvas unreachable is a system error (exit 2).
 */
export async function readCanvasRootAccount(tenant: string, target: CanvasAccountTarget, fetchPort?: FetchPort): Promise<CanvasRootAccount> {
  const http = new CanvasHttpClient({ baseUrl: target.baseUrl, token: target.token, tenant, fetch: fetchPort, maxAttempts: 2, timeoutMs: 15_000 });
  let account;
  try {
    account = await new CanvasRestClient(http).getAccount(target.rootAccountId);
  } catch (error) {
    const status = error instanceof CanvasError ? error.status : undefined;
    if (status === 401 || status === 403) {
      throw new UserError(`tenant ${tenant}: Canvas at ${target.baseUrl} refused the token for account ${target.rootAccountId} (HTTP ${status}); ` +
        'give a token of an admin of that root account');
    }
    if (status === 404) {
      throw new UserError(`tenant ${tenant}: Canvas at ${target.baseUrl} has no account ${target.rootAccountId}; check --canvas-root-account and --canvas-base-url`);
    }
    throw error;
  }
  if (account.parent_account_id !== null || (account.root_account_id !== null && account.root_account_id !== undefined)) {
    throw new UserError(`tenant ${tenant}: Canvas account ${target.rootAccountId} ("${account.name}") is a sub-account; ` +
      'give the root account id (usually 1) with --canvas-root-account');
  }
  if (!account.uuid) {
    throw new UserError(`tenant ${tenant}: Canvas at ${target.baseUrl} did not say the uuid of account ${target.rootAccountId}; is it a Canvas instance?`);
  }
  return { uuid: account.uuid, name: account.name };
}
