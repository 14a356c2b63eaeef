/** What one root account was asked over REST: calls by endpoint (`GET /api/v1/courses/:course_id/...`), refusals. */
export interface RequestCounts {
  /** Answered API calls by `METHOD pattern` (throttled ones are not answered, so not counted here). */
  calls: Record<string, number>;
  /** All answered API calls. */
  total: number;
  /** Requests refused with 403 Rate Limit Exceeded. */
  throttled: number;
}

/** Counts REST calls per root account and endpoint, and throttled answers; tests read and reset them. */
export class RequestCounters {
  private readonly byAccount = new Map<string, RequestCounts>();

  private of(account: string): RequestCounts {
    let counts = this.byAccount.get(account);
    if (!counts) this.byAccount.set(account, (counts = { calls: {}, total: 0, throttled: 0 }));
    return counts;
  }

  called(account: string, endpoint: string): void {
    const counts = this.of(account);
    counts.calls[endpoint] = (counts.calls[endpoint] ?? 0) + 1;
    counts.total++;
  }

  throttled(account: string): void {
    this.of(account).throttled++;
  }

  /** A copy of one account's counts (zeros when it was never called). */
  counts(account: string): RequestCounts {
    const c = this.of(account);
    return { calls: { ...c.calls }, total: c.total, throttled: c.throttled };
  }

  /** Forgets the counts of one account, or of all. */
  reset(account?: string): void {
    if (account === undefined) this.byAccount.clear();
    else this.byAccount.delete(account);
  }
}
