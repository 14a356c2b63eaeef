import { tokenOf } from '../auth';
import type { Router } from '../http/router';
import { json, notFound, type AccountRequest } from '../http/types';

/** Canvas's `token_hint`: the first five characters of the token. */
export const tokenHint = (token: string): string => token.slice(0, 5);

/**
 * `GET /api/v1/users/self/tokens/:id` (TokensController#show): `:id` is the token's id or its `token_hint`. The
 * simulator knows only the caller's own token, so it answers for that one (id = its position among the account's
 * tokens, from 1) and 404s any other.
 */
export function registerTokenRoutes(router: Router<AccountRequest>): void {
  router.get('/api/v1/users/self/tokens/:id', (req) => {
    const token = tokenOf(req.headers, req.query);
    if (!token) return notFound();
    const id = [...req.account.tokens].indexOf(token) + 1;
    if (req.params.id !== tokenHint(token) && req.params.id !== String(id)) return notFound();
    return json({
      id, purpose: 'rostering sync', token_hint: tokenHint(token), workflow_state: 'active',
      expires_at: req.account.tokenExpiresAt.get(token) ?? null, created_at: null, last_used_at: null,
    });
  });
}
