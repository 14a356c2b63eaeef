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

/** A caller's own failure inside a group that otherwise succeeded. */
interface OwnFailure {
  failed: unknown;
}

/**
 * Runs `call` for a whole group; should the grouped call fail, each caller's part runs alone, so one caller's bad
 * items (or a record a statement refuses) fail that caller only, never the others it happened to be grouped with.
 */
async function isolatingFailures<K, V>(groups: K[][], call: (items: K[]) => Promise<V>): Promise<(V | OwnFailure)[]> {
  if (groups.length === 1) return [await call(groups[0])];
  try {
    const answer = await call(groups.flat());
    return groups.map(() => answer);
  } catch {
    return Promise.all(groups.map((g) => call(g).catch((failed: unknown): OwnFailure => ({ failed }))));
  }
}

function answerOrThrow<V>(answer: V | OwnFailure): V {
  if (answer !== null && typeof answer === 'object' && 'failed' in answer) throw answer.failed;
  return answer;
}

/**
 * A set-based store (`items` in one statement or one produce request) shared by concurrent callers: the arrays handed
 * in while one call is in flight are stored together in the next one. Each caller's promise settles with its group's
 * call, so a caller still knows its items are stored when it resumes; when the grouped call fails, each caller's items
 * are stored alone, so a caller fails only with its own failure.
 */
export function groupedStore<T>(store: (items: T[]) => Promise<unknown>): (items: T[]) => Promise<void> {
  const commit = new GroupCommit<T[], undefined | OwnFailure>((groups) => isolatingFailures(groups, async (items: T[]) => {
    await store(items);
    return undefined;
  }));
  return async (items) => {
    if (items.length > 0) answerOrThrow(await commit.add(items));
  };
}

/**
 * A set-based lookup shared by concurrent callers: each caller asks for some keys and gets the whole answer of its
 * group's one query (the keys that arrived while the previous query ran go together); a failed grouped query is asked
 * again per caller, as for `groupedStore`.
 */
export function groupedLookup<K, V>(lookup: (keys: K[]) => Promise<V>): (keys: K[]) => Promise<V> {
  const commit = new GroupCommit<K[], V | OwnFailure>((groups) => isolatingFailures(groups, lookup));
  return async (keys) => answerOrThrow(await commit.add(keys));
}
