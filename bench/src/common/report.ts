import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** One table of a report: column names and rows of cells. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/** What a benchmark run produced: raw data (JSON) plus tables and notes for the markdown summary. */
export interface BenchmarkReport {
  name: string;
  /** What was run, e.g. `{ records: 100000, recordBytes: 512 }`. */
  parameters: Record<string, unknown>;
  /** Everything measured, machine-readable. */
  results: Record<string, unknown>;
  tables: ReportTable[];
  notes: string[];
}

/** Where results go (`bench/results`), overridable for tests. */
export const RESULTS_DIR = join(__dirname, '..', '..', 'results');

/** The machine a run happened on (benchmarks are only comparable on the same one). */
export function machineInfo(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    note: 'shared machine (services and other work running); numbers are indicative, compare ratios',
  };
}

/** Renders a report as a short markdown summary. */
export function renderMarkdown(report: BenchmarkReport, at: Date, machine: Record<string, unknown>): string {
  const lines = [
    `# ${report.name} — ${at.toISOString()}`,
    '',
    `Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}; ${machine.note}.`,
    '',
    `Parameters: ${Object.entries(report.parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`,
  ];
  for (const table of report.tables) {
    lines.push('', `## ${table.title}`, '', markdownTable(table));
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** A GitHub markdown table; numbers get thousands separators. */
export function markdownTable(table: Pick<ReportTable, 'columns' | 'rows'>): string {
  const cell = (v: string | number) => (typeof v === 'number' ? formatNumber(v) : v);
  return [
    `| ${table.columns.join(' | ')} |`,
    `|${table.columns.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** 1234567.8 → "1,234,568"; 12.345 → "12.3"; 0.01234 → "0.0123". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** Writes `<name>-<date>.json` and `<name>-latest.md`; returns their paths. */
export function writeReport(report: BenchmarkReport, dir = RESULTS_DIR, at = new Date()): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const machine = machineInfo();
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const json = join(dir, `${report.name}-${stamp}.json`);
  const markdown = join(dir, `${report.name}-latest.md`);
  writeFileSync(json, `${JSON.stringify({ name: report.name, at: at.toISOString(), machine, parameters: report.parameters, results: report.results }, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(report, at, machine));
  return { json, markdown };
}
