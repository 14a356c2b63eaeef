import { CanvasPermanentError } from '../../errors/canvas.error';
import type { QueryParams } from '../../http/canvas-http.client';
import type { SisImportOptions } from './sis-import.types';

const DROP_STATUSES = ['deleted', 'completed', 'inactive'];

/** Checks the options Canvas would refuse with a 400 and renders them as query parameters. */
export function sisImportQuery(options: SisImportOptions, tenant?: string): QueryParams {
  const problems: string[] = [];
  if (options.batch_mode && options.batch_mode_term_id === undefined) problems.push('batch_mode needs batch_mode_term_id');
  if (options.multi_term_batch_mode && options.change_threshold === undefined) problems.push('multi_term_batch_mode needs change_threshold');
  if (options.change_threshold !== undefined && !(Number.isInteger(options.change_threshold) && options.change_threshold >= 1 && options.change_threshold <= 100)) {
    problems.push('change_threshold must be an integer 1–100');
  }
  const identifier = options.diffing_data_set_identifier;
  if (identifier !== undefined && (identifier === '' || Buffer.byteLength(identifier, 'utf8') > 128)) problems.push('diffing_data_set_identifier must be 1–128 bytes');
  for (const key of ['diffing_drop_status', 'batch_mode_enrollment_drop_status'] as const) {
    const value = options[key];
    if (value !== undefined && !DROP_STATUSES.includes(value)) problems.push(`${key} must be one of ${DROP_STATUSES.join(', ')}`);
  }
  if (options.diffing_user_remove_status !== undefined && !['deleted', 'suspended'].includes(options.diffing_user_remove_status)) {
    problems.push('diffing_user_remove_status must be deleted or suspended');
  }
  if ((options.add_sis_stickiness || options.clear_sis_stickiness) && !options.override_sis_stickiness) {
    problems.push('add_sis_stickiness / clear_sis_stickiness need override_sis_stickiness');
  }
  if (problems.length > 0) {
    throw new CanvasPermanentError(problems.join('; '), 'fix the SIS import settings', { tenant, what: 'SIS import options' });
  }
  const query: QueryParams = { import_type: 'instructure_csv', extension: 'zip' };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) query[key] = value as string | number | boolean;
  return query;
}
