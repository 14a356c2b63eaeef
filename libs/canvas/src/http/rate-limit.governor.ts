import { backoffDelay } from '@rp/config';
import { systemClock, type Clock } from './ports';

/** Canvas leaky-bucket parameters (open-source defaults, doc §4.3); hosted values may differ. */
export interface RateLimitGovernorOptions {
  clock?: Clock;
  /** Bucket high-water mark: `X-Rate-Limit-Remaining` when the bucket is empty. */
  highWaterMark?: number;
  /** Units drained per second. */
  outflowPerSecond?: number;
  /** Held by Canvas for every request in flight (the parallelism penalty). */
  upFrontCost?: number;
  /** Remaining budget kept unused, so other clients of the same token are not starved. */
  reserve?: number;
  maxConcurrency?: number;
  /** Wait after a 403 Rate Limit Exceeded; doubles per consecutive throttle up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** What one response said about the bucket. */
export interface RateLimitObservation {
  remaining?: number;
  cost?: number;
  throttled: boolean;
}

export interface RateLimitSnapshot {
  estimatedRemaining: number;
  inFlight: number;
  averageCost: number;
  throttledResponses: number;
  consecutiveThrottles: number;
}

/**
 * Paces requests of one token so that Canvas's leaky bucket is not overrun: it tracks the last
 * `X-Rate-Limit-Remaining`, adds back what drained since, charges the up-front cost of every request
 * in flight plus the average `X-Request-Cost`, and waits until that fits. After a 403 it assumes an
 * empty budget and backs off exponentially; the next successes bring it back to normal.
 */
export class RateLimitGovernor {
  private readonly clock: Clock;
  private readonly hwm: number;
  private readonly outflow: number;
  private readonly upFront: number;
  private readonly reserve: number;
  private readonly maxConcurrency: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private remaining: number;
  private observedAt: number;
  private averageCost = 1;
  private inFlight = 0;
  private blockedUntil = 0;
  private consecutiveThrottles = 0;
  private throttledResponses = 0;
  private readonly slotWaiters: (() => void)[] = [];

  constructor(options: RateLimitGovernorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.hwm = options.highWaterMark ?? 600;
    this.outflow = options.outflowPerSecond ?? 10;
    this.upFront = options.upFrontCost ?? 50;
    this.reserve = options.reserve ?? 60;
    this.maxConcurrency = options.maxConcurrency ?? 4;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.remaining = this.hwm;
    this.observedAt = this.clock.now();
  }

  /** Waits until one more request fits the budget, then counts it as in flight. Pair with `complete`. */
  async acquire(): Promise<void> {
    for (;;) {
      if (this.inFlight >= this.maxConcurrency) {
        await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
        continue;
      }
      const wait = this.waitMs();
      if (wait <= 0) {
        this.inFlight += 1;
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  /** Records what the response said and frees the in-flight slot. */
  complete(observation: RateLimitObservation): void {
    this.release();
    const now = this.clock.now();
    if (observation.cost !== undefined && Number.isFinite(observation.cost)) {
      this.averageCost = this.averageCost * 0.8 + observation.cost * 0.2;
    }
    if (observation.throttled) {
      this.throttledResponses += 1;
      this.consecutiveThrottles += 1;
      this.remaining = 0;
      this.observedAt = now;
      const backoff = backoffDelay({ initialDelayMs: this.initialBackoffMs, maxDelayMs: this.maxBackoffMs, jitter: 0 }, this.consecutiveThrottles);
      this.blockedUntil = Math.max(this.blockedUntil, now + backoff);
      return;
    }
    this.consecutiveThrottles = 0;
    if (observation.remaining !== undefined && Number.isFinite(observation.remaining)) {
      this.remaining = Math.min(this.hwm, observation.remaining);
      this.observedAt = now;
    }
  }

  /** Releases the slot of a request that got no response (network error, timeout). */
  abandon(): void {
    this.release();
  }

  private release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.slotWaiters.shift()?.();
  }

  /** Current view of the budget, for metrics ("Canvas rate budget"). */
  snapshot(): RateLimitSnapshot {
    return {
      estimatedRemaining: this.estimatedRemaining(),
      inFlight: this.inFlight,
      averageCost: this.averageCost,
      throttledResponses: this.throttledResponses,
      consecutiveThrottles: this.consecutiveThrottles,
    };
  }

  private estimatedRemaining(): number {
    const drained = ((this.clock.now() - this.observedAt) / 1000) * this.outflow;
    return Math.min(this.hwm, this.remaining + drained);
  }

  /** 0 when a request may start now, else how long to wait before checking again. */
  private waitMs(): number {
    const now = this.clock.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    const needed = Math.min(this.hwm, this.reserve + (this.inFlight + 1) * this.upFront + this.averageCost);
    const shortfall = needed - this.estimatedRemaining();
    return shortfall <= 0 ? 0 : Math.ceil((shortfall / this.outflow) * 1000);
  }
}
