/**
 * Group commit for one-record-at-a-time callers (the events-gateway gets one Live Event per HTTP request): while one
 * commit is in flight, the records arriving meanwhile wait and go together in the next one, so N concurrent callers
 * cost one round trip (one produce request, one INSERT), not N, and no record waits longer than one round trip behind
 * another. Each caller's promise settles with its group's commit: with the answer for its own record, or — when the
 * group's commit failed — with that failure (each caller answers it as it would its own).
 */
export class GroupCommit<R, A = void> {
  private pending: { record: R; resolve: (answer: A) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /**
   * `commit` stores one group and resolves with one answer per record, in the group's order; `maxGroup` bounds one
   * group's size.
   */
  constructor(private readonly commit: (records: R[]) => Promise<readonly A[]>, private readonly maxGroup = Number.POSITIVE_INFINITY) {}

  /** Resolves with the record's answer once its group was committed. */
  add(record: R): Promise<A> {
    return new Promise<A>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Commits every waiting record, then the ones that arrived meanwhile, until none wait. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, this.maxGroup);
        try {
          const answers = await this.commit(group.map((p) => p.record));
          group.forEach((p, i) => p.resolve(answers[i]));
        } catch (error) {
          for (const p of group) p.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
