import { formFields, parseMultipart } from '../http/multipart';
import { badRequest, type AccountRequest, type ApiResponse } from '../http/types';
import { findTerm } from '../lookup';
import type { RootAccountState } from '../state/root-account-state';
import { emptyCounts, type SisImportRecord } from './import-record';
import { parseUpload } from './parse';
import { transition } from './runner';

const truthy = (v: string | undefined) => v !== undefined && /^(true|1|yes|on)$/i.test(v);

function formatFor(contentType: string, extension: string | undefined, fileName: string): 'zip' | 'csv' {
  const ext = (extension ?? fileName.split('.').pop() ?? '').toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'zip') return 'zip';
  return /^(text\/csv|text\/plain)/i.test(contentType) ? 'csv' : 'zip';
}

/** Builds the import record from POST /sis_imports (multipart `attachment` or a raw body), or a 400. */
export function createImport(req: AccountRequest, now: number): SisImportRecord | ApiResponse {
  const contentType = String(req.headers['content-type'] ?? '');
  const params: Record<string, string> = Object.fromEntries(req.query);
  let bytes: Uint8Array;
  let fileName: string;
  let partType = contentType;
  const charset = /charset=([^;]+)/i.exec(contentType)?.[1]?.trim().toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return badRequest('Invalid content type, UTF-8 required');
  if (/^multipart\/form-data/i.test(contentType)) {
    const parts = parseMultipart(req.body, contentType);
    for (const p of parts) if (p.filename === null) params[p.name] = p.data.toString('utf8');
    const attachment = parts.find((p) => p.name === 'attachment' && p.filename !== null);
    if (!attachment) return badRequest('Missing attachment');
    bytes = attachment.data;
    fileName = attachment.filename || 'sis_upload';
    partType = attachment.contentType ?? '';
  } else {
    Object.assign(params, Object.fromEntries(formFields(req.body, contentType)));
    if (/application\/x-www-form-urlencoded/i.test(contentType) || req.body.length === 0) return badRequest('Missing attachment');
    bytes = req.body;
    fileName = `sis_import.${params.extension ?? (/csv|text\/plain/i.test(contentType) ? 'csv' : 'zip')}`;
  }
  const importType = params.import_type ?? 'instructure_csv';
  if (importType !== 'instructure_csv') return badRequest('Unknown import type');
  const invalid = checkParams(req.account, params);
  if (typeof invalid === 'string') return badRequest(invalid);
  const format = formatFor(partType, params.extension, fileName);
  return {
    id: req.account.nextId('sisImport'), createdAt: now, startedAt: null, endedAt: null, updatedAt: now,
    workflowState: 'initializing', progress: 0, params, batchModeTermId: invalid.batchModeTermId,
    options: {
      overrideSisStickiness: truthy(params.override_sis_stickiness),
      addSisStickiness: truthy(params.add_sis_stickiness),
      clearSisStickiness: truthy(params.clear_sis_stickiness),
      skipDeletes: truthy(params.skip_deletes),
    },
    upload: { fileName, contentType: partType, format, bytes }, files: [], messages: [], counts: emptyCounts(),
    suppliedBatches: [], rollback: [], abortRequested: false,
  };
}

function checkParams(account: RootAccountState, p: Record<string, string>): string | { batchModeTermId: number | null } {
  let batchModeTermId: number | null = null;
  if (truthy(p.multi_term_batch_mode) && !p.change_threshold) return 'change_threshold is required to use multi term_batch mode.';
  if (truthy(p.batch_mode) && !truthy(p.multi_term_batch_mode)) {
    const term = p.batch_mode_term_id ? findTerm(account, p.batch_mode_term_id) : undefined;
    if (!term) return 'Batch mode specified, but the given batch_mode_term_id cannot be found.';
    batchModeTermId = term.id;
  }
  for (const [key, allowed] of [
    ['diffing_drop_status', ['deleted', 'completed', 'inactive']],
    ['batch_mode_enrollment_drop_status', ['deleted', 'completed', 'inactive']],
    ['diffing_user_remove_status', ['deleted', 'suspended']],
  ] as const) {
    if (p[key] !== undefined && !(allowed as readonly string[]).includes(p[key])) return `Invalid ${key}`;
  }
  if (p.change_threshold !== undefined) {
    const n = Number(p.change_threshold);
    if (!Number.isInteger(n) || n < 1 || n > 100) return 'change_threshold must be a number between 1 and 100';
  }
  return { batchModeTermId };
}

/** Parses the upload into files (file-level problems become processing_errors) and queues the import. */
export function acceptImport(account: RootAccountState, rec: SisImportRecord, now: number): void {
  try {
    const parsed = parseUpload(rec.upload.bytes, rec.upload.format, rec.upload.fileName);
    rec.files = parsed.files;
    rec.messages.push(...parsed.messages);
  } catch (err) {
    rec.messages.push({ file: rec.upload.fileName, row: null, failure: true, message: `Error while importing CSV. Please contact support. (Error report ${String(err)})` });
  }
  account.imports.set(rec.id, rec);
  transition(account, rec, 'created', now);
}
