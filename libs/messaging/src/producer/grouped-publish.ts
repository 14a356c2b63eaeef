/**
 * Group commit for single-record publishes (the events-gateway publishes one record per HTTP request): while one
 * publish is in flight, the records arriving meanwhile wait and go together in the next one, so N concurrent callers
 * cost one produce request (and its encoding and bookkeeping), not N, and no record waits longer than one round trip
 * behind another. Each caller's promise settles with its group's publish: a failed group fails every record in it
 * (each caller answers it as it would its own failure). The producer itself keeps one request in flight (idempotent,
 * ordered), so grouping takes nothing away from its concurrency.
 */
export class GroupedPublish<R> {
  private pending: { record: R; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /** `publish` sends one group (resolves once acknowledged); `maxGroup` bounds one group's size. */
  constructor(private readonly publish: (records: R[]) => Promise<unknown>, private readonly maxGroup = 500) {}

  /** Resolves once the record's group was acknowledged. */
  add(record: R): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, this.maxGroup);
        try {
          await this.publish(group.map((p) => p.record));
          for (const p of group) p.resolve();
        } catch (error) {
          for (const p of group) p.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
