/** Why a webhook URL is refused; the message names the fix. */
export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlError';
  }
}

export interface WebhookUrlPolicy {
  /** Allows `http://127.0.0.1:<port>/…` (tests and local receivers only; never in production). */
  allowHttpLoopback: boolean;
}

/**
 * Checks a notification webhook URL: https only, except plain http to 127.0.0.1 when the policy allows it (tests).
 * No credentials in the URL. The message never repeats the path or query (a Slack webhook's path is its secret).
 */
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('the webhook URL is not an absolute URL; give it as https://host/path');
  }
  if (url.username || url.password) throw new WebhookUrlError(`the webhook URL for ${url.host} carries credentials; remove user:password@ (the request is signed instead)`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && url.hostname === '127.0.0.1' && policy.allowHttpLoopback) return url;
  const loopbackHint = url.protocol === 'http:' && url.hostname === '127.0.0.1'
    ? ' (plain http to 127.0.0.1 needs NOTIFICATIONS_ALLOW_HTTP_LOOPBACK=true, for tests only)'
    : '';
  throw new WebhookUrlError(`the webhook URL for ${url.host} must use https${loopbackHint}`);
}

/** What may be shown or logged of a webhook URL: its scheme and host, never the path or query. */
export function webhookHost(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(invalid URL)';
  }
}
