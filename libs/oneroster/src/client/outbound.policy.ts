
/** Redirect statuses a client may follow (RFC 9110 §15.4). */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** At most this many redirects are followed for one request. */
export const MAX_REDIRECTS = 3;

/** Default caps: a 50,000-record page is large, a token answer is tiny. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

/** `https://host:port` of a URL, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether credentials may be sent to `url`: only to the origins the tenant configured (no list = any, for tests). */
export function isAllowedOrigin(url: string, allowedOrigins: readonly string[] | undefined): boolean {
  if (!allowedOrigins) return true;
  const origin = originOf(url);
  return origin !== undefined && allowedOrigins.includes(origin);
}

/** A short, readable excerpt of a response body for an error message: JSON as sent, HTML or text with tags stripped. */
export function bodyExcerpt(text: string, max = 160): string {
  const trimmed = text.trim();
  if (trimmed === '') return '(empty body)';
  try {
    JSON.parse(trimmed);
    return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
  } catch {
    const plain = trimmed
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const kind = /^<(!doctype|html)/i.test(trimmed) ? 'HTML' : 'non-JSON';
    return `${kind} body "${plain.length > max ? `${plain.slice(0, max)}…` : plain}"`;
  }
}
