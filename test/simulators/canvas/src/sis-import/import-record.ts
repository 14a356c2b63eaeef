import { iso } from '../clock';
import type { RollbackEntry } from '../state/model';
import type { ImportOptions } from './apply/context';
import { countKey, IMPORTER_ORDER, type ImporterKind } from './importer-kinds';
import type { ImportMessage, ReceivedFile } from './parse';

export type SisImportState =
  | 'initializing' | 'created' | 'importing' | 'cleanup_batch' | 'imported' | 'imported_with_messages'
  | 'aborted' | 'failed' | 'failed_with_messages' | 'restoring' | 'partially_restored' | 'restored';

export const TERMINAL_STATES: SisImportState[] = ['imported', 'imported_with_messages', 'aborted', 'failed', 'failed_with_messages'];

/** One SIS import (Canvas SisBatch) with everything it received, for the API and for test inspection. */
export interface SisImportRecord {
  id: number;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
  workflowState: SisImportState;
  progress: number;
  params: Record<string, string>;
  options: ImportOptions;
  batchModeTermId: number | null;
  upload: { fileName: string; contentType: string; format: 'zip' | 'csv'; bytes: Uint8Array };
  files: ReceivedFile[];
  messages: ImportMessage[];
  counts: Record<string, number>;
  suppliedBatches: ImporterKind[];
  rollback: RollbackEntry[];
  abortRequested: boolean;
  /** True once the upload, rows and rollback entries were forgotten (`retainImportContent: false`). */
  contentForgotten?: boolean;
}

/** Drops what only tests and restores read, keeping what the API reports about the import. */
export function forgetImportContent(rec: SisImportRecord): void {
  rec.upload = { ...rec.upload, bytes: new Uint8Array(0) };
  rec.files = rec.files.map((f) => ({ ...f, rows: [], text: '' }));
  rec.rollback = [];
  rec.contentForgotten = true;
}

export function emptyCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of IMPORTER_ORDER) if (kind !== 'change_sis_id') counts[countKey(kind)] = 0;
  Object.assign(counts, { change_sis_ids: 0, batch_courses_deleted: 0, batch_sections_deleted: 0, batch_enrollments_deleted: 0, error_count: 0, warning_count: 0 });
  return counts;
}

const bool = (v: string | undefined) => (v === undefined ? null : /^(true|1)$/i.test(v));

/** The SisImport JSON object of the Canvas API. */
export function sisImportJson(rec: SisImportRecord, baseUrl: string, accountKey: string): Record<string, unknown> {
  const warnings = rec.messages.filter((m) => !m.failure);
  const errors = rec.messages.filter((m) => m.failure);
  const finished = TERMINAL_STATES.includes(rec.workflowState) || rec.workflowState.includes('restor');
  const json: Record<string, unknown> = {
    id: rec.id,
    created_at: iso(rec.createdAt),
    started_at: rec.startedAt === null ? null : iso(rec.startedAt),
    ended_at: rec.endedAt === null ? null : iso(rec.endedAt),
    updated_at: iso(rec.updatedAt),
    progress: rec.progress,
    workflow_state: rec.workflowState,
    data: {
      import_type: 'instructure_csv',
      supplied_batches: rec.suppliedBatches,
      counts: { ...rec.counts, error_count: errors.length, warning_count: warnings.length },
    },
    statistics: statistics(rec),
    batch_mode: bool(rec.params.batch_mode),
    batch_mode_term_id: rec.batchModeTermId,
    multi_term_batch_mode: bool(rec.params.multi_term_batch_mode),
    skip_deletes: rec.options.skipDeletes,
    override_sis_stickiness: bool(rec.params.override_sis_stickiness),
    add_sis_stickiness: bool(rec.params.add_sis_stickiness),
    clear_sis_stickiness: bool(rec.params.clear_sis_stickiness),
    diffing_data_set_identifier: rec.params.diffing_data_set_identifier ?? null,
    diffed_against_import_id: null,
    csv_attachments: rec.files.map((f, i) => ({ id: rec.id * 100 + i, display_name: f.name, filename: f.name, 'content-type': 'text/csv', size: f.size })),
    user: null,
  };
  // Canvas shows warnings only once the import is complete
  if (finished && warnings.length) json.processing_warnings = warnings.map((m) => [m.file, m.message]);
  if (errors.length) json.processing_errors = errors.map((m) => [m.file, m.message]);
  if (finished && rec.messages.length) {
    json.errors_attachment = {
      id: rec.id, display_name: `sis_errors_attachment_${rec.id}.csv`, filename: `sis_errors_attachment_${rec.id}.csv`,
      'content-type': 'text/csv', url: `${baseUrl}/files/sis_errors/${encodeURIComponent(accountKey)}/${rec.id}/download`,
    };
  }
  return json;
}

/** The errors attachment: one line per message, as Canvas writes it. */
export function errorsCsv(rec: SisImportRecord): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return ['sis_import_id,file,message,row', ...rec.messages.map((m) => [rec.id, q(m.file), q(m.message), m.row ?? ''].join(','))].join('\n') + '\n';
}

const STAT_CLASS: Record<RollbackEntry['kind'], string> = {
  account: 'Account', term: 'EnrollmentTerm', course: 'Course', section: 'CourseSection', user: 'Pseudonym',
  enrollment: 'Enrollment', observer: 'UserObserver',
};

function statistics(rec: SisImportRecord): Record<string, unknown> {
  const stats: Record<string, unknown> = { total_state_changes: rec.rollback.length };
  for (const cls of ['Account', 'EnrollmentTerm', 'CommunicationChannel', 'AbstractCourse', 'Course', 'CourseSection', 'Enrollment', 'GroupCategory', 'Group', 'GroupMembership', 'Pseudonym', 'UserObserver', 'AccountUser']) {
    stats[cls] = { created: 0, concluded: 0, deactivated: 0, restored: 0, deleted: 0 };
  }
  for (const e of rec.rollback) {
    const s = stats[STAT_CLASS[e.kind]] as Record<string, number>;
    if (e.previous === 'non-existent') s.created++;
    else if (e.updated === 'deleted') s.deleted++;
    else if (e.updated === 'completed') s.concluded++;
    else if (e.updated === 'inactive' || e.updated === 'suspended') s.deactivated++;
    else if (e.previous === 'deleted') s.restored++;
  }
  return stats;
}
