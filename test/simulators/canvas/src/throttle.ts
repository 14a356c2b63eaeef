import type { Clock } from './clock';
import type { ThrottleOptions } from './options';

interface Bucket {
  count: number;
  at: number;
}

/**
 * Canvas's leaky bucket (app/middleware/request_throttle.rb): each token has a bucket that leaks
 * `outflowPerSecond`; a request reserves `upFrontCost` while in flight and is then charged its cost.
 * A request arriving while the bucket is at or above `hwm` is refused.
 */
export class LeakyBucketThrottle {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly options: ThrottleOptions, private readonly clock: Clock) {}

  private leak(key: string): Bucket {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { count: 0, at: now };
    const leaked = ((now - bucket.at) / 1000) * this.options.outflowPerSecond;
    bucket.count = Math.max(0, bucket.count - leaked);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Reserves capacity; returns false when the client must be refused (403 Rate Limit Exceeded). */
  begin(key: string): boolean {
    const bucket = this.leak(key);
    if (bucket.count >= this.options.hwm) return false;
    bucket.count = Math.min(this.options.maximum, bucket.count + this.options.upFrontCost);
    return true;
  }

  /** Refunds the reservation, charges the request cost; returns the header values. */
  end(key: string, cost = this.options.requestCost): { remaining: number; cost: number } {
    const bucket = this.leak(key);
    bucket.count = Math.min(this.options.maximum, Math.max(0, bucket.count - this.options.upFrontCost) + cost);
    return { remaining: this.remaining(key), cost };
  }

  /** `X-Rate-Limit-Remaining` = hwm − bucket level. */
  remaining(key: string): number {
    return Math.max(0, this.options.hwm - this.leak(key).count);
  }

  reset(): void {
    this.buckets.clear();
  }
}
