import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestReference, ratioNote } from './reference-baseline';
import { BenchmarkReport, formatNumber, markdownTable, writeReport } from './report';

const report: BenchmarkReport = {
  name: 'reference',
  parameters: { records: 1000 },
  results: { produce: { recordsPerSecond: 50_000 }, consume: { recordsPerSecond: 200_000 } },
  tables: [{ title: 'kafka', columns: ['direction', 'records/s'], rows: [['produce', 50_000.4]] }],
  notes: ['raw bytes'],
};

describe('benchmark reports', () => {
  it('formats numbers for people: separators above 100, three significant digits below', () => {
    expect(formatNumber(1_234_567.8)).toBe('1,234,568');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(markdownTable({ columns: ['a', 'b'], rows: [['x', 1500]] })).toBe('| a | b |\n|---|---|\n| x | 1,500 |');
  });

  it('writes the dated JSON (with the machine) and the latest markdown summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    const paths = writeReport(report, dir, new Date('2026-11-28T15:00:00Z'));
    expect(readdirSync(dir).sort()).toEqual(['reference-2026-11-28T15-00-00-000Z.json', 'reference-latest.md']);
    const json = JSON.parse(readFileSync(paths.json, 'utf8'));
    expect(json).toMatchObject({ name: 'reference', at: '2026-11-28T15:00:00.000Z', parameters: { records: 1000 } });
    expect(json.machine.cpus).toBeGreaterThan(0);
    const md = readFileSync(paths.markdown, 'utf8');
    expect(md).toContain('| produce | 50,000 |');
    expect(md).toContain('- raw bytes');
  });

  it('uses the newest reference run as the yardstick for ratios', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-ref-'));
    expect(latestReference(dir)).toBeUndefined();
    expect(ratioNote('x', 1, undefined)).toContain('run `bench/src/run.ts reference` first');
    writeReport(report, dir, new Date('2026-11-28T15:00:00Z'));
    const newer = { ...report, results: { produce: { recordsPerSecond: 40_000 }, consume: { recordsPerSecond: 200_000 } } };
    writeReport(newer, dir, new Date('2026-11-28T16:00:00Z'));
    writeFileSync(join(dir, 'mapping-csv-2026-11-28T17-00-00-000Z.json'), '{}');
    const ref = latestReference(dir)!;
    expect(ref).toMatchObject({ produceRecordsPerSecond: 40_000, consumeRecordsPerSecond: 200_000, at: '2026-11-28T16:00:00.000Z' });
    expect(ratioNote('mapping 20,000 rows/s', 20_000, ref)).toBe(
      'mapping 20,000 rows/s: 0.50× raw Kafka produce, 0.10× raw Kafka consume (reference 2026-11-28T16:00:00.000Z)',
    );
  });
});
