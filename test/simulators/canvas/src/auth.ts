import type { IncomingHttpHeaders } from 'node:http';
import type { RootAccountState } from './state/root-account-state';
import { json, type ApiResponse } from './http/types';

/** Extracts the token from `Authorization: Bearer …` or the discouraged `access_token` parameter. */
export function tokenOf(headers: IncomingHttpHeaders, query: URLSearchParams): string | null {
  const header = headers.authorization;
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    return m ? m[1].trim() : header.trim();
  }
  return query.get('access_token');
}

/** Resolves a token to its root account, or the 401 body Canvas sends. */
export function authenticate(
  token: string | null,
  accounts: Iterable<RootAccountState>,
): { account: RootAccountState } | { error: ApiResponse } {
  if (!token) {
    return { error: json({ status: 'unauthenticated', errors: [{ message: 'user authorization required' }] }, 401) };
  }
  for (const account of accounts) if (account.tokens.has(token)) return { account };
  return {
    error: json({ errors: [{ message: 'Invalid access token.' }] }, 401, { 'WWW-Authenticate': 'Bearer realm="canvas-lms"' }),
  };
}
