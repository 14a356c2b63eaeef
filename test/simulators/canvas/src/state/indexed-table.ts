/** Where an indexed row keeps the values of its indexed fields (non-enumerable: spread and JSON never see it). */
const VALUES = Symbol('indexed-values');

type Indexed<T> = T & { [VALUES]: Record<string, unknown> };

/** A field to index, with how its value becomes the index key (e.g. login ids compare case-insensitively). */
export interface IndexSpec<T> {
  field: keyof T & string;
  key?: (value: unknown) => unknown;
}

/**
 * A table of simulator objects by local id that also finds them by other fields (SIS id, login, user, section…)
 * without scanning: a 400k-student district has ~2.5M objects, and Canvas resolves every SIS import row by such
 * fields. Rows are mutated in place all over the simulator (`user.sisId = …`, `Object.assign(row, …)`), so the
 * indexed fields of a stored row become accessors that move the row between index buckets on every write —
 * no call site has to remember to re-index.
 */
export class IndexedTable<T extends { id: number }> extends Map<number, T> {
  private readonly buckets = new Map<string, Map<unknown, Set<T>>>();
  private readonly specs: IndexSpec<T>[];

  constructor(specs: readonly (IndexSpec<T> | (keyof T & string))[]) {
    super();
    this.specs = specs.map((s) => (typeof s === 'string' ? { field: s } : s));
    for (const spec of this.specs) this.buckets.set(spec.field, new Map());
  }

  override set(id: number, row: T): this {
    const previous = super.get(id);
    if (previous && previous !== row) this.unindex(previous);
    super.set(id, row);
    if (previous !== row) {
      this.install(row);
      this.index(row);
    }
    return this;
  }

  override delete(id: number): boolean {
    const row = super.get(id);
    if (row) this.unindex(row);
    return super.delete(id);
  }

  override clear(): void {
    super.clear();
    for (const bucket of this.buckets.values()) bucket.clear();
  }

  /** The rows whose `field` has this value (through the field's key function), in the order they got it. */
  where<K extends keyof T & string>(field: K, value: T[K]): T[] {
    const spec = this.spec(field);
    const found = this.buckets.get(field)!.get(spec.key ? spec.key(value) : value);
    return found ? [...found] : [];
  }

  /** The first row whose `field` has this value. */
  first<K extends keyof T & string>(field: K, value: T[K]): T | undefined {
    const spec = this.spec(field);
    const found = this.buckets.get(field)!.get(spec.key ? spec.key(value) : value);
    if (!found) return undefined;
    for (const row of found) return row;
    return undefined;
  }

  indexes(field: string): boolean {
    return this.buckets.has(field);
  }

  private spec(field: string): IndexSpec<T> {
    const spec = this.specs.find((s) => s.field === field);
    if (!spec) throw new Error(`IndexedTable: field ${field} is not indexed`);
    return spec;
  }

  private keyOf(spec: IndexSpec<T>, value: unknown): unknown {
    return spec.key ? spec.key(value) : value;
  }

  private index(row: T): void {
    for (const spec of this.specs) this.add(spec, this.keyOf(spec, row[spec.field]), row);
  }

  private unindex(row: T): void {
    for (const spec of this.specs) this.remove(spec, this.keyOf(spec, row[spec.field]), row);
  }

  private add(spec: IndexSpec<T>, key: unknown, row: T): void {
    if (key === null || key === undefined) return;
    const bucket = this.buckets.get(spec.field)!;
    const rows = bucket.get(key);
    if (rows) rows.add(row);
    else bucket.set(key, new Set([row]));
  }

  private remove(spec: IndexSpec<T>, key: unknown, row: T): void {
    if (key === null || key === undefined) return;
    const bucket = this.buckets.get(spec.field)!;
    const rows = bucket.get(key);
    if (!rows) return;
    rows.delete(row);
    if (rows.size === 0) bucket.delete(key);
  }

  /** Turns the row's indexed fields into accessors that re-index it when written (once per row object). */
  private install(row: T): void {
    const target = row as Indexed<T>;
    if (Object.prototype.hasOwnProperty.call(target, VALUES)) return;
    const values: Record<string, unknown> = {};
    Object.defineProperty(target, VALUES, { value: values, enumerable: false });
    for (const spec of this.specs) {
      values[spec.field] = target[spec.field];
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const table = this;
      Object.defineProperty(target, spec.field, {
        enumerable: true,
        configurable: true,
        get(this: Indexed<T>) {
          return this[VALUES][spec.field];
        },
        set(this: Indexed<T>, value: unknown) {
          const old = this[VALUES][spec.field];
          if (old === value) return;
          this[VALUES][spec.field] = value;
          if (table.get(this.id) !== this) return;
          table.remove(spec, table.keyOf(spec, old), this);
          table.add(spec, table.keyOf(spec, value), this);
        },
      });
    }
  }
}

/**
 * An append-only list (observer links) with an index by one numeric field. Code elsewhere pushes onto the array or
 * replaces it (wipe), so the index is rebuilt whenever the array it was built from changed identity or length.
 */
export class ListIndex<T, K> {
  private built: T[] | null = null;
  private length = -1;
  private readonly byKey = new Map<K, T[]>();

  constructor(private readonly keyOf: (item: T) => K) {}

  of(list: T[], key: K): T[] {
    if (list !== this.built || list.length !== this.length) this.rebuild(list);
    return this.byKey.get(key) ?? [];
  }

  private rebuild(list: T[]): void {
    if (list === this.built && list.length > this.length) {
      for (const item of list.slice(this.length)) this.push(item);
    } else {
      this.byKey.clear();
      for (const item of list) this.push(item);
    }
    this.built = list;
    this.length = list.length;
  }

  private push(item: T): void {
    const key = this.keyOf(item);
    const items = this.byKey.get(key);
    if (items) items.push(item);
    else this.byKey.set(key, [item]);
  }
}
