import { CanvasError, CanvasHttpClient } from '@rp/canvas';
import { type CheckResult, messageOf, pass, skipped } from './check-result';

const DAY_MS = 86_400_000;

/** What Canvas says of the token's expiry: `expiresAt` null = never expires, undefined = Canvas did not say. */
export interface CanvasTokenExpiry {
  result: CheckResult;
  expiresAt?: string | null;
}

/**
 * Reads the token's own `expires_at` (`GET /api/v1/users/self/tokens/<token_hint>`, the hint being the token's first
 * five characters). Informational: a token Canvas does not describe (an OAuth token, an older Canvas) is not a
 * failure — the operator then sets `--canvas-token-expires`.
 */
export async function readCanvasTokenExpiry(tenant: string, canvas: { baseUrl: string; token: string }, now = new Date()): Promise<CanvasTokenExpiry> {
  const http = new CanvasHttpClient({ baseUrl: canvas.baseUrl, token: canvas.token, tenant, maxAttempts: 2, timeoutMs: 15_000 });
  try {
    const { data: body } = await http.request<{ expires_at?: string | null }>({ path: `/api/v1/users/self/tokens/${encodeURIComponent(canvas.token.slice(0, 5))}` });
    const raw = body?.expires_at ?? null;
    if (raw === null) return { result: pass('canvas token expiry', 'the token never expires'), expiresAt: null };
    const at = new Date(raw);
    if (Number.isNaN(at.getTime())) return { result: skipped('canvas token expiry', `Canvas answered an unreadable expires_at "${raw}"`) };
    const days = Math.floor((at.getTime() - now.getTime()) / DAY_MS);
    const when = days >= 0 ? `in ${days} day(s)` : `${-days} day(s) ago`;
    return { result: pass('canvas token expiry', `the token expires at ${at.toISOString()} (${when}); stored for the notifier`), expiresAt: at.toISOString() };
  } catch (error) {
    const status = error instanceof CanvasError ? ` (HTTP ${error.status ?? '?'})` : '';
    return { result: skipped('canvas token expiry', `Canvas did not describe the token${status}: ${messageOf(error)}; set it with \`ops tenants update ${tenant} --canvas-token-expires <date>\``) };
  }
}
