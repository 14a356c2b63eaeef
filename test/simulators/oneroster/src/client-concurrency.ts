import { ImsxError } from './imsx';

/** Infinite Campus's limit on requests in flight per OAuth client (IC documents ≤ 5). */
export interface ConcurrencyLimitOptions {
  /** Requests a client may have in flight; the next one is refused with 429. */
  perClient: number;
  /** `Retry-After` of the refusal, in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** Counts each client's requests in flight and refuses the excess with 429 + Retry-After, as IC does. */
export class ClientConcurrency {
  private readonly inFlight = new Map<string, number>();
  /** Requests refused because their client had too many in flight. */
  refused = 0;
  /** The most requests one client ever had in flight at once. */
  peak = 0;

  constructor(private options: ConcurrencyLimitOptions | undefined) {}

  configure(options: ConcurrencyLimitOptions | undefined): void {
    this.options = options;
  }

  /** Admits one request of `client` (throws the 429 when over the limit); call the returned function when answered. */
  enter(client: string): () => void {
    const now = (this.inFlight.get(client) ?? 0) + 1;
    if (this.options && now > this.options.perClient) {
      this.refused++;
      const retry = String(this.options.retryAfterSeconds ?? 1);
      throw new ImsxError(429, 'server_busy', `too many concurrent requests for client ${client} (at most ${this.options.perClient}); retry later`, { 'Retry-After': retry });
    }
    this.inFlight.set(client, now);
    this.peak = Math.max(this.peak, now);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const n = (this.inFlight.get(client) ?? 1) - 1;
      if (n <= 0) this.inFlight.delete(client);
      else this.inFlight.set(client, n);
    };
  }

  resetCounters(): void {
    this.refused = 0;
    this.peak = 0;
  }
}
