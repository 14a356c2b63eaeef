import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from './report';

/** Raw Kafka throughput from the latest `reference` run, the yardstick other benchmarks divide by. */
export interface ReferenceBaseline {
  at: string;
  file: string;
  produceRecordsPerSecond: number;
  consumeRecordsPerSecond: number;
}

/** The newest reference-*.json in the results directory, or undefined when the reference was never run. */
export function latestReference(dir = RESULTS_DIR): ReferenceBaseline | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^reference-.*\.json$/.test(f)).sort();
  } catch {
    return undefined;
  }
  const file = files.at(-1);
  if (!file) return undefined;
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    at: string;
    results: { produce: { recordsPerSecond: number }; consume: { recordsPerSecond: number } };
  };
  return {
    at: data.at,
    file,
    produceRecordsPerSecond: data.results.produce.recordsPerSecond,
    consumeRecordsPerSecond: data.results.consume.recordsPerSecond,
  };
}

/** "0.42× Kafka produce" style ratio text, or a hint to run the reference first. */
export function ratioNote(label: string, recordsPerSecond: number, ref: ReferenceBaseline | undefined): string {
  if (!ref) return `${label}: no reference run found; run \`bench/src/run.ts reference\` first to get ratios`;
  const p = recordsPerSecond / ref.produceRecordsPerSecond;
  const c = recordsPerSecond / ref.consumeRecordsPerSecond;
  return `${label}: ${p.toPrecision(2)}× raw Kafka produce, ${c.toPrecision(2)}× raw Kafka consume (reference ${ref.at})`;
}
