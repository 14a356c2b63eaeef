import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { CanvasPermanentError, CanvasRetriableError } from '../../errors/canvas.error';
import { CanvasRowError } from './canvas-row.codec';
import type { SisCsvSpec, SisCsvValue } from '../model';
import { encodeCsvLine } from './csv-encoding';
import { validateSisRow } from './sis-row.validator';

/** A row Canvas would reject (or misread) in a file; the record should be dead-lettered with this message. */
export class SisCsvRowError extends CanvasRowError {
  constructor(
    readonly fileName: string,
    /** Canvas numbering: row 1 is the header. */
    readonly row: number,
    problems: string[],
    tenant?: string,
  ) {
    super(problems, { tenant, what: `${fileName} row ${row}` });
  }
}

export interface SisCsvFileWriterOptions<Row> {
  /** Header columns; default: required, always-present and one-of columns plus those set in the first row. */
  columns?: readonly (keyof Row & string)[];
  tenant?: string;
}

/** Picks the header for a file from the first row when the caller did not declare the columns. */
export function defaultSisColumns<Row extends object>(spec: SisCsvSpec<Row>, firstRow: Row): (keyof Row & string)[] {
  const cells = firstRow as Record<string, SisCsvValue>;
  const wanted = new Set<string>([...spec.required, ...spec.alwaysPresent, ...spec.oneOf.flat()]);
  return spec.columns.filter((column) => wanted.has(column) || cells[column] !== undefined);
}

/**
 * Streams one SIS CSV file to disk: UTF-8, RFC 4180 quoting, header first, every row validated.
 * Blank cells are significant in Canvas (a blank term date clears it), so only declared columns are written.
 */
export class SisCsvFileWriter<Row extends object> {
  private readonly stream: WriteStream;
  private header?: readonly (keyof Row & string)[];
  private rowCount = 0;
  private failure?: Error;

  constructor(
    readonly spec: SisCsvSpec<Row>,
    readonly path: string,
    private readonly options: SisCsvFileWriterOptions<Row> = {},
  ) {
    if (options.columns) this.assertHeader(options.columns);
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => (this.failure = error));
  }

  /** Number of data rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** Validates and appends one row, waiting when the disk is slower than the producer. */
  async write(row: Row): Promise<void> {
    const line = this.rowCount + 2;
    const problems = validateSisRow(this.spec, row);
    const header = this.header ?? this.options.columns ?? defaultSisColumns(this.spec, row);
    const cells = row as Record<string, SisCsvValue>;
    for (const column of Object.keys(cells)) {
      if (cells[column] !== undefined && this.spec.columns.includes(column as keyof Row & string) && !header.includes(column as keyof Row & string)) {
        problems.push(`${column} is set but not in the file's columns (${header.join(', ')}); declare it in columns`);
      }
    }
    if (problems.length > 0) throw new SisCsvRowError(this.spec.fileName, line, problems, this.options.tenant);
    if (!this.header) {
      this.header = header;
      await this.push(encodeCsvLine(header));
    }
    await this.push(encodeCsvLine(header.map((column) => cells[column])));
    this.rowCount += 1;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.stream.closed) return this.throwIfFailed();
    this.stream.end();
    if (!this.failure) await once(this.stream, 'close');
    this.throwIfFailed();
  }

  private assertHeader(columns: readonly string[]): void {
    const unknown = columns.filter((column) => !this.spec.columns.includes(column as keyof Row & string));
    const missing = [...this.spec.required, ...this.spec.alwaysPresent].filter((column) => !columns.includes(column));
    const groups = this.spec.oneOf.filter((group) => !group.some((column) => columns.includes(column)));
    const problems = [
      ...unknown.map((column) => `unknown column ${column}`),
      ...missing.map((column) => `required column ${column} missing`),
      ...groups.map((group) => `one of ${group.join(' or ')} must be a column`),
    ];
    if (problems.length > 0) {
      throw new CanvasPermanentError(problems.join('; '), 'fix the declared columns', {
        tenant: this.options.tenant,
        what: `${this.spec.fileName} header`,
      });
    }
  }

  private async push(text: string): Promise<void> {
    this.throwIfFailed();
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  private throwIfFailed(): void {
    if (this.failure) {
      throw new CanvasRetriableError(this.failure.message, 'check the temporary directory (space, permissions)', {
        tenant: this.options.tenant,
        what: `writing ${this.path}`,
      });
    }
  }
}
