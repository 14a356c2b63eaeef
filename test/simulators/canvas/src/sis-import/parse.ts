import { unzipSync } from 'fflate';
import { MalformedCsvError, parseCsv } from './csv';
import { importerFor, type ImporterKind } from './importer-kinds';

/** A CSV as received, kept whole so tests can assert exactly which rows were sent. */
export interface ReceivedFile {
  name: string;
  kind: ImporterKind | null;
  headers: string[];
  rows: ReceivedRow[];
  text: string;
  /** Bytes of the CSV as received (kept when the text is forgotten, see `retainImportContent`). */
  size: number;
}
export interface ReceivedRow {
  /** Line number in the file (header = 1). */
  line: number;
  values: Record<string, string>;
}
export interface ImportMessage {
  file: string;
  message: string;
  row: number | null;
  /** File-level failures make the import fail; row problems are warnings. */
  failure: boolean;
}

export interface ParsedUpload {
  files: ReceivedFile[];
  messages: ImportMessage[];
}

const IGNORE_FILES = /__macosx|desktop d[bf]|^\..*/i;

/** Unpacks a zip or a single CSV and recognises each CSV by its header row (Canvas's prepare/process_file). */
export function parseUpload(data: Uint8Array, format: 'zip' | 'csv', fileName: string): ParsedUpload {
  const out: ParsedUpload = { files: [], messages: [] };
  if (format === 'csv') {
    readCsv(fileName, data, out);
    return out;
  }
  const entries = unzipSync(data);
  for (const [path, bytes] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith('/')) continue;
    const base = path.split('/').pop() ?? path;
    if (IGNORE_FILES.test(path) || IGNORE_FILES.test(base)) continue;
    if (!/\.csv$/i.test(base)) {
      out.messages.push({ file: base, message: 'Skipping unknown file type', row: null, failure: false });
      continue;
    }
    readCsv(base, bytes, out);
  }
  return out;
}

function readCsv(name: string, bytes: Uint8Array, out: ParsedUpload): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    out.messages.push({ file: name, message: 'Invalid UTF-8', row: null, failure: true });
    return;
  }
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (!(err instanceof MalformedCsvError)) throw err;
    out.messages.push({ file: name, message: 'Malformed CSV', row: null, failure: true });
    return;
  }
  if (records.length === 0) return; // an empty file has no header row and is silently skipped
  const headers = records[0].fields.map((h) => h.trim().toLowerCase());
  const kind = importerFor(headers);
  if (!kind) {
    out.messages.push({ file: name, message: "Couldn't find Canvas CSV import headers", row: null, failure: true });
    return;
  }
  const rows = records.slice(1).map((r) => ({
    line: r.line,
    values: Object.fromEntries(headers.map((h, i) => [h, (r.fields[i] ?? '').trim()])),
  }));
  out.files.push({ name, kind, headers, rows, text, size: Buffer.byteLength(text) });
}
