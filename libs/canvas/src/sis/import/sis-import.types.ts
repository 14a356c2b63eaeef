export const SIS_IMPORT_STATES = [
  'initializing', 'created', 'importing', 'cleanup_batch', 'imported', 'imported_with_messages', 'aborted',
  'failed', 'failed_with_messages', 'restoring', 'partially_restored', 'restored',
] as const;
export type SisImportState = (typeof SIS_IMPORT_STATES)[number];

/** States after which a poller stops (doc §2; restore states included so a restore also ends a wait). */
export const TERMINAL_SIS_IMPORT_STATES: readonly SisImportState[] = [
  'imported', 'imported_with_messages', 'aborted', 'failed', 'failed_with_messages', 'partially_restored', 'restored',
];

export type DropStatus = 'deleted' | 'completed' | 'inactive';

/** POST /sis_imports options (doc §2); booleans are sent as `true`/`false`. */
export interface SisImportOptions {
  batch_mode?: boolean;
  /** Term id or `sis_term_id:X`; required with batch_mode. */
  batch_mode_term_id?: string | number;
  multi_term_batch_mode?: boolean;
  skip_deletes?: boolean;
  override_sis_stickiness?: boolean;
  add_sis_stickiness?: boolean;
  clear_sis_stickiness?: boolean;
  update_sis_id_if_login_claimed?: boolean;
  /** ≤128 bytes. */
  diffing_data_set_identifier?: string;
  diffing_remaster_data_set?: boolean;
  diffing_drop_status?: DropStatus;
  diffing_user_remove_status?: 'deleted' | 'suspended';
  batch_mode_enrollment_drop_status?: DropStatus;
  /** 1–100 (percent). */
  change_threshold?: number;
  diff_row_count_threshold?: number;
}

export type SisImportCounts = Partial<Record<
  | 'accounts' | 'terms' | 'abstract_courses' | 'courses' | 'sections' | 'xlists' | 'users' | 'enrollments'
  | 'groups' | 'group_memberships' | 'grade_publishing_results' | 'batch_courses_deleted'
  | 'batch_sections_deleted' | 'batch_enrollments_deleted' | 'error_count' | 'warning_count',
  number
>>;

export interface CanvasFile {
  id?: number;
  url: string;
  filename?: string;
  display_name?: string;
  size?: number;
}

/** The SisImport object as Canvas returns it. */
export interface SisImport {
  id: number;
  workflow_state: SisImportState;
  progress: number;
  created_at: string;
  started_at?: string | null;
  ended_at?: string | null;
  updated_at?: string;
  data?: { import_type?: string; supplied_batches?: string[]; counts?: SisImportCounts } | null;
  statistics?: Record<string, unknown> | null;
  /** `[file, message]` pairs. */
  processing_warnings?: [string, string][] | null;
  processing_errors?: [string, string][] | null;
  errors_attachment?: CanvasFile | null;
  /** The files Canvas received (for a zip, the CSVs in it). */
  csv_attachments?: Pick<CanvasFile, 'id' | 'filename' | 'display_name'>[] | null;
  batch_mode?: boolean | null;
  batch_mode_term_id?: string | number | null;
  diffing_data_set_identifier?: string | null;
  diffed_against_import_id?: number | null;
  diffing_threshold_exceeded?: boolean | null;
}

export interface SisImportMessage {
  file: string;
  message: string;
}

/** A finished import, flattened for the loader. */
export interface SisImportOutcome {
  id: number;
  state: SisImportState;
  /** imported or imported_with_messages. */
  succeeded: boolean;
  counts: SisImportCounts;
  warnings: SisImportMessage[];
  errors: SisImportMessage[];
  errorsAttachment?: CanvasFile;
  import: SisImport;
}

/** One row of GET …/sis_imports/:id/errors (`row` 1 = the header). */
export interface SisImportError {
  sis_import_id: number;
  file: string;
  message: string;
  row: number | null;
}

/** Canvas Progress object (restore_states). */
export interface CanvasProgress {
  id: number;
  workflow_state: 'queued' | 'running' | 'completed' | 'failed' | (string & {});
  completion?: number | null;
  url?: string;
  message?: string | null;
}
