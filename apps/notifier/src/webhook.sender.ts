/** One POST to a webhook. Resolves with the HTTP status; rejects on network errors and timeouts. */
export type WebhookSender = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;

/** The real sender: fetch, no redirects followed (a redirect is the receiver's mistake, not a place to send secrets). */
export function fetchWebhookSender(timeoutMs: number): WebhookSender {
  return async (url, body, headers) => {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status };
  };
}
