/** `held`: deletions a full run held because the collection's count fell sharply (count-drop-hold.ts). */
export type CountName = 'read' | 'emitted' | 'unchanged' | 'invalid' | 'deleted' | 'held';

/** Per-type counters of a run, flattened as `users.emitted` for `sync.runs` and `ops runs show`. */
export class RunCounts {
  private readonly counts = new Map<string, number>();

  add(type: string, name: CountName, n = 1): void {
    if (n === 0) return;
    const key = `${type}.${name}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** A repair the normaliser made (`user.repaired.empty-username`), per tenant run and type. */
  addRepair(type: string, repair: string): void {
    const key = `${type}.repaired.${repair}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get(type: string, name: CountName): number {
    return this.counts.get(`${type}.${name}`) ?? 0;
  }

  total(name: CountName): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (key.endsWith(`.${name}`)) sum += n;
    return sum;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
