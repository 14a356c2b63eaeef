/**
 * A small time-bounded cache that also shares in-flight loads, so a burst of events for one course costs one REST
 * read. Failed loads are not cached.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value of `key`, or the result of `load` (cached for `ttlMs`). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const value = load();
    const entry = { at: this.now(), value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets one key (e.g. after an event that changed it). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Keeps a value known from elsewhere (e.g. a listing that returned it) as if it had been loaded. */
  set(key: string, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: this.now(), value: Promise.resolve(value) });
  }

  /** Keeps `value` only if nothing (loaded or loading, within its TTL) is kept for `key`: a newer read is never replaced. */
  setIfAbsent(key: string, value: V): void {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return;
    this.set(key, value);
  }

  /** Forgets every key starting with `prefix` (e.g. all of one tenant's entries before a reconciliation). */
  deleteByPrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
