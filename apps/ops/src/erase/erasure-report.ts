import { formatTable } from '../cli/table';
import type { TableErasure } from './table-eraser';
import type { TopicErasure } from './topic-eraser';

/** What `ops erase person` / `ops tenants delete` removed, per store. */
export interface ErasureReport {
  tenant: string;
  sourcedId?: string;
  tables: TableErasure[];
  topics: TopicErasure[];
  /** True when no topic record is left (every table row is removed in one pass). */
  complete: boolean;
}

/** The report as the operator reads it: one line per table and per topic, then what is left. */
export function formatErasureReport(report: ErasureReport): string {
  const who = report.sourcedId ? `person ${report.sourcedId} of tenant ${report.tenant}` : `tenant ${report.tenant}`;
  const lines = [`Erased ${who}.`, ''];
  lines.push(report.tables.length === 0 ? 'Tables: nothing found.' : formatTable(['store', 'table', 'removed'],
    report.tables.map((t) => [t.store, t.table, String(t.removed)])));
  lines.push('');
  lines.push(report.topics.length === 0 ? 'Topics: nothing found.' : formatTable(['topic', 'cleanup', 'found', 'tombstoned', 'truncated', 'remaining', 'note'],
    report.topics.map((t) => [t.topic, t.cleanup, String(t.found), String(t.tombstoned), String(t.truncated), String(t.remaining), t.note ?? ''])));
  lines.push('');
  lines.push(report.complete
    ? 'Nothing is left in any topic or table.'
    : 'Some topic records are still there (see remaining); run the command again later — it is safe to repeat.');
  return lines.join('\n');
}
