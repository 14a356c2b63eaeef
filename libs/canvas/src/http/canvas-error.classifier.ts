import { CanvasPermanentError, CanvasRetriableError, type CanvasError } from '../errors/canvas.error';

/** True for Canvas's throttling answer: 403 with `Rate Limit Exceeded` (not 429, doc §4.3). */
export function isRateLimited(status: number, body: string): boolean {
  return status === 403 && /rate limit exceeded/i.test(body);
}

/** Pulls the human message out of the several error shapes Canvas uses (doc §4.4). */
export function canvasErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const errors = parsed.errors;
    if (Array.isArray(errors)) {
      return errors.map((e) => (typeof e === 'string' ? e : String((e as { message?: unknown }).message ?? JSON.stringify(e)))).join('; ');
    }
    if (errors && typeof errors === 'object') {
      return Object.entries(errors as Record<string, unknown>)
        .map(([field, list]) => `${field}: ${(Array.isArray(list) ? list : [list]).map((e) => (e as { message?: string })?.message ?? String(e)).join(', ')}`)
        .join('; ');
    }
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through to the text
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Turns a non-2xx Canvas response into a classified error naming the tenant, the request and the fix. */
export function classifyCanvasResponse(
  status: number,
  body: string,
  headers: Headers,
  context: { tenant?: string; what: string },
): CanvasError {
  const message = canvasErrorMessage(body) || `HTTP ${status}`;
  const ctx = { ...context, status };
  if (isRateLimited(status, body)) {
    return new CanvasRetriableError(`Canvas rate limit exceeded (403)`, 'retry later; lower the concurrency for this token', ctx);
  }
  if (status === 401) {
    if (/insufficient scopes/i.test(body)) {
      return new CanvasPermanentError(`401 ${message}`, 'add this endpoint to the developer key scopes or use an unscoped token', ctx);
    }
    if (headers.has('www-authenticate') || /invalid access token/i.test(body)) {
      return new CanvasPermanentError(`401 ${message}`, "the Canvas token is invalid, expired or revoked; update the tenant's Canvas token", ctx);
    }
    return new CanvasPermanentError(`401 ${message}`, "grant the token's user the Canvas permission this call needs", ctx);
  }
  if (status === 403) return new CanvasPermanentError(`403 ${message}`, "check the account settings and the token user's permissions", ctx);
  if (status === 404) {
    return new CanvasPermanentError(`404 ${message}`, 'check the id; a SIS id must exist in this root account', ctx);
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new CanvasRetriableError(`${status} ${message}`, 'Canvas is unavailable or overloaded; retry with backoff', ctx);
  }
  return new CanvasPermanentError(`${status} ${message}`, 'fix the request data; retrying will not help', ctx);
}
