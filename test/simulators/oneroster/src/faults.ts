import { ApiResponse } from './api-context';
import { ImsxError } from './imsx';
import { FaultSwitches } from './options';

/** Fault injection state; counters count down as requests consume them. */
export class Faults {
  state: FaultSwitches = {};

  set(patch: FaultSwitches): FaultSwitches {
    this.state = { ...this.state, ...patch };
    return this.state;
  }

  reset(): void {
    this.state = {};
  }

  private take(name: keyof FaultSwitches): boolean {
    const n = this.state[name] ?? 0;
    if (n <= 0) return false;
    this.state[name] = n - 1;
    return true;
  }

  async delay(): Promise<void> {
    const ms = this.state.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Throttling and server errors, before the request is handled. */
  beforeApi(): void {
    if (this.take('throttleNext')) {
      const retry = String(this.state.retryAfterSeconds ?? 1);
      throw new ImsxError(429, 'server_busy', 'too many requests; retry later', { 'Retry-After': retry });
    }
    if (this.take('serverErrorNext')) {
      const status = this.state.serverErrorStatus ?? 500;
      if (status === 503) {
        throw new ImsxError(503, 'server_busy', 'service unavailable; retry later', { 'Retry-After': String(this.state.retryAfterSeconds ?? 1) });
      }
      throw new ImsxError(status, 'internal_server_error', 'simulated server failure');
    }
  }

  tokenError(): boolean {
    return this.take('tokenErrorNext');
  }

  /** Truncated pages and wrong totals on collection responses (the real total stays in `collection.total` for links). */
  afterCollection(res: ApiResponse): { reportedTotal: number } {
    const c = res.collection!;
    let reportedTotal = c.total;
    if (this.take('truncatePageNext')) {
      const body = res.body as Record<string, unknown[]>;
      body[c.key] = body[c.key].slice(0, Math.floor(body[c.key].length / 2));
    }
    if (this.take('wrongTotalNext')) reportedTotal = Math.max(0, c.total - Math.max(1, Math.floor(c.total / 10)));
    return { reportedTotal };
  }

  /** Cuts the serialised body in half when malformed JSON is due. */
  mangle(text: string): string {
    return this.take('malformedJsonNext') ? text.slice(0, Math.floor(text.length / 2)) : text;
  }
}
