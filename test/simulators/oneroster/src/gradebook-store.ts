import type { CategoryRecord } from '@rp/fixtures';
import { categoryToWire, Wire } from './serialize';

export type GradebookKind = 'categories' | 'lineItems' | 'results';

/** One gradebook write as IC received it, for tests to read back in order. */
export interface GradebookWrite {
  seq: number;
  at: string;
  method: 'PUT' | 'DELETE';
  kind: GradebookKind;
  sourcedId: string;
  /** HTTP status answered. */
  status: number;
  body?: unknown;
  /** Headers of interest: x-vendor-authorization, content-type, traceparent, user-agent. */
  headers: Record<string, string | undefined>;
}

/** Categories, line items and results (stored as normalised wire objects) plus the write log. */
export class GradebookStore {
  readonly tables: Record<GradebookKind, Map<string, Wire>> = { categories: new Map(), lineItems: new Map(), results: new Map() };
  readonly writes: GradebookWrite[] = [];
  version = 0;

  reset(categories: CategoryRecord[]): void {
    this.tables.categories = new Map(categories.map((c) => [c.sourcedId, categoryToWire(c)]));
    this.tables.lineItems.clear();
    this.tables.results.clear();
    this.version++;
  }

  all(kind: GradebookKind): Wire[] {
    return [...this.tables[kind].values()];
  }

  /** Stores a record; true when it was created, false when it replaced one (PUT is a full replace). */
  upsert(kind: GradebookKind, record: Wire): boolean {
    const created = !this.tables[kind].has(record.sourcedId as string);
    this.tables[kind].set(record.sourcedId as string, record);
    this.version++;
    return created;
  }

  remove(kind: GradebookKind, id: string): boolean {
    const removed = this.tables[kind].delete(id);
    if (removed) this.version++;
    return removed;
  }

  record(write: Omit<GradebookWrite, 'seq'>): void {
    this.writes.push({ ...write, seq: this.writes.length + 1 });
  }

  /** Categories visible to a class: its own (metadata.classId) and global ones. */
  categoriesForClass(classId: string): Wire[] {
    return this.all('categories').filter((c) => {
      const owner = (c.metadata as { classId?: string } | undefined)?.classId;
      return !owner || owner === classId;
    });
  }
}
