import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CanvasPermanentError } from '../../errors/canvas.error';
import { CANVAS_ENTITY_CATALOGUE, SIS_CSV_KINDS, SIS_CSV_SPECS, type CanvasEntityRow, type SisCsvKind, type SisRecord, type SisRowByKind } from '../model';
import { SisCsvFileWriter } from './sis-csv-file.writer';
import { zipFilesToDisk } from './sis-zip';

/** Canvas fails a zip whose uncompressed size is ≥100× the zip (doc §2 limits). */
export const CANVAS_MAX_ZIP_EXPANSION = 100;

export interface SisImportZipWriterOptions {
  tenant?: string;
  /** Parent directory of the working directory (default: the OS temp dir). */
  tmpDir?: string;
  /** Header columns per file (each a column of its kind's spec, else the writer refuses it); see `SisCsvFileWriterOptions.columns`. */
  columns?: { [K in SisCsvKind]?: readonly string[] };
  /**
   * Put before every CSV's name in the zip (`rp-1a2b-users.csv`): Canvas recognises a CSV by its header row, not
   * its name, and lists the names in `csv_attachments`, so a caller can find its own import again. Letters, digits,
   * `.`, `_` and `-` only.
   */
  fileNamePrefix?: string;
}

export interface SisImportZipFile {
  kind: SisCsvKind;
  fileName: string;
  rows: number;
  bytes: number;
}

/** A finished import archive on disk; `files` is in Canvas processing order. */
export interface SisImportZip {
  path: string;
  files: SisImportZipFile[];
  uncompressedBytes: number;
  zipBytes: number;
  /** True when entries were stored uncompressed to stay under Canvas's expansion limit. */
  stored: boolean;
}

type AnyFileWriter = SisCsvFileWriter<object>;

/**
 * Builds one SIS import: rows of any kind are streamed to per-kind CSV files in a private temp
 * directory, then zipped in Canvas's processing order. Memory stays flat however many rows are added.
 */
export class SisImportZipWriter {
  private readonly writers = new Map<SisCsvKind, AnyFileWriter>();
  private finished = false;

  private constructor(
    readonly directory: string,
    private readonly options: SisImportZipWriterOptions,
  ) {}

  /** Creates a writer with its own working directory; call `dispose()` when the zip is no longer needed. */
  static async create(options: SisImportZipWriterOptions = {}): Promise<SisImportZipWriter> {
    if (options.fileNamePrefix !== undefined && !/^[A-Za-z0-9._-]*$/.test(options.fileNamePrefix)) {
      throw new CanvasPermanentError(`file name prefix "${options.fileNamePrefix}" has characters other than letters, digits, ".", "_" and "-"`, 'use a prefix such as "rp-1a2b-"', { tenant: options.tenant });
    }
    const directory = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'canvas-sis-'));
    return new SisImportZipWriter(directory, options);
  }

  /** Validates and appends one row of the given kind; throws `SisCsvRowError` for a row Canvas would reject. */
  async write<K extends SisCsvKind>(kind: K, row: SisRowByKind[K]): Promise<void> {
    await this.writerFor(kind).write(row);
  }

  /** Same as `write` for a tagged record. */
  async writeRecord(record: SisRecord): Promise<void> {
    await this.writerFor(record.kind).write(record.row);
  }

  /** Same as `write` for a Canvas entity's typed row (`decodeCanvasRow` gives one from a record's cells). */
  async writeEntity(entity: CanvasEntityRow): Promise<void> {
    await this.writerFor(CANVAS_ENTITY_CATALOGUE[entity.canvasType].csv.kind).write(entity.row);
  }

  /** Rows written so far per kind. */
  counts(): Partial<Record<SisCsvKind, number>> {
    return Object.fromEntries([...this.writers].map(([kind, writer]) => [kind, writer.rows]));
  }

  /** Closes the CSV files and zips them (Canvas order) into `<directory>/sis_import.zip`. */
  async finish(): Promise<SisImportZip> {
    this.finished = true;
    const files: (SisImportZipFile & { path: string })[] = [];
    for (const kind of SIS_CSV_KINDS) {
      const writer = this.writers.get(kind);
      if (!writer) continue;
      await writer.close();
      if (writer.rows === 0) continue;
      files.push({ kind, fileName: this.fileNameOf(kind), rows: writer.rows, bytes: (await stat(writer.path)).size, path: writer.path });
    }
    if (files.length === 0) {
      throw new CanvasPermanentError('no rows were written', 'do not post an empty SIS import', { tenant: this.options.tenant });
    }
    const path = join(this.directory, 'sis_import.zip');
    const sources = files.map((file) => ({ name: file.fileName, path: file.path }));
    const uncompressedBytes = files.reduce((sum, file) => sum + file.bytes, 0);
    await zipFilesToDisk(sources, path);
    let zipBytes = (await stat(path)).size;
    const stored = uncompressedBytes >= zipBytes * CANVAS_MAX_ZIP_EXPANSION;
    if (stored) {
      await zipFilesToDisk(sources, path, true);
      zipBytes = (await stat(path)).size;
    }
    return { path, files: files.map(({ path: _path, ...file }) => file), uncompressedBytes, zipBytes, stored };
  }

  /** Closes open files and deletes the working directory (CSV files and zip). */
  async dispose(): Promise<void> {
    for (const writer of this.writers.values()) await writer.close().catch(() => undefined);
    await rm(this.directory, { recursive: true, force: true });
  }

  /** The name the kind's CSV gets in the zip. */
  fileNameOf(kind: SisCsvKind): string {
    return `${this.options.fileNamePrefix ?? ''}${SIS_CSV_SPECS[kind].fileName}`;
  }

  private writerFor(kind: SisCsvKind): AnyFileWriter {
    if (this.finished) throw new CanvasPermanentError('the import was already zipped', 'start a new SisImportZipWriter', { tenant: this.options.tenant });
    let writer = this.writers.get(kind);
    if (!writer) {
      const spec = SIS_CSV_SPECS[kind] as unknown as AnyFileWriter['spec'];
      const columns = this.options.columns?.[kind] as readonly never[] | undefined;
      const unknown = columns?.filter((column) => !(spec.columns as readonly string[]).includes(column)) ?? [];
      if (unknown.length > 0) {
        throw new CanvasPermanentError(`${spec.fileName} has no column ${unknown.join(', ')}`, `use the columns of ${spec.fileName}: ${spec.columns.join(', ')}`, { tenant: this.options.tenant });
      }
      writer = new SisCsvFileWriter(spec, join(this.directory, spec.fileName), { columns, tenant: this.options.tenant });
      this.writers.set(kind, writer);
    }
    return writer;
  }
}
