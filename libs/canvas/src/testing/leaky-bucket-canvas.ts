import type { Clock, FetchPort } from '../http/ports';

export interface LeakyBucketCanvasOptions {
  clock: Clock;
  highWaterMark?: number;
  outflowPerSecond?: number;
  upFrontCost?: number;
  /** Cost charged per request once it finished. */
  requestCost?: number;
  latencyMs?: number;
  /** Answers every authorised GET. */
  respond?: (url: URL) => unknown;
}

/**
 * A fake Canvas that throttles like `request_throttle.rb`: a per-token bucket that drains at
 * `outflow`/s, holds `up_front_cost` while a request runs, refuses with 403 when full.
 */
export class LeakyBucketCanvas {
  level = 0;
  served = 0;
  throttled = 0;
  private forced = 0;
  private lastLeak: number;
  private readonly hwm: number;
  private readonly outflow: number;
  private readonly upFront: number;
  private readonly cost: number;

  constructor(private readonly options: LeakyBucketCanvasOptions) {
    this.hwm = options.highWaterMark ?? 600;
    this.outflow = options.outflowPerSecond ?? 10;
    this.upFront = options.upFrontCost ?? 50;
    this.cost = options.requestCost ?? 5;
    this.lastLeak = options.clock.now();
  }

  /** The next `count` requests are refused with 403 whatever the bucket says. */
  forceThrottle(count: number): void {
    this.forced += count;
  }

  readonly fetch: FetchPort = async (url) => {
    this.leak();
    if (this.forced > 0 || this.level >= this.hwm) {
      if (this.forced > 0) this.forced -= 1;
      this.throttled += 1;
      return new Response('403 Forbidden (Rate Limit Exceeded)', {
        status: 403,
        headers: { 'Content-Type': 'text/plain', 'X-Rate-Limit-Remaining': '0.0' },
      });
    }
    this.level += this.upFront;
    await this.options.clock.sleep(this.options.latencyMs ?? 150);
    this.leak();
    this.level += this.cost - this.upFront;
    this.served += 1;
    const body = this.options.respond?.(new URL(url)) ?? { ok: true };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: {
        'Content-Type': 'application/json',
        'X-Request-Cost': String(this.cost),
        'X-Rate-Limit-Remaining': (this.hwm - this.level).toFixed(3),
      },
    });
  };

  private leak(): void {
    const now = this.options.clock.now();
    this.level = Math.max(0, this.level - ((now - this.lastLeak) / 1000) * this.outflow);
    this.lastLeak = now;
  }
}
