import type { Benchmark } from './common/benchmark';
import { extractorSideBenchmark } from './extractor-side/extractor-side.bench';
import { runFootprint } from './footprint/footprint.bench';
import { runFullSync } from './full-sync/full-sync.bench';
import { runGradePassback } from './grade-passback/grade-passback.bench';
import { mappingCsvBenchmark } from './mapping-csv/mapping-csv.bench';
import { runReference } from './reference/reference.bench';
import { runScaleOut } from './scale-out/scale-out.bench';

/** Every benchmark the runner knows, by the name given on the command line. */
export const BENCHMARKS: Record<string, Benchmark> = {
  reference: { kind: 'single', name: 'reference', summary: 'raw kafkajs produce → consume through the project broker', run: runReference },
  'extractor-side': extractorSideBenchmark as Benchmark,
  'mapping-csv': mappingCsvBenchmark as Benchmark,
  'full-sync': { kind: 'single', name: 'full-sync', summary: 'extractor → transformer → loader processes against both simulators', run: runFullSync },
  'grade-passback': { kind: 'single', name: 'grade-passback', summary: 'Canvas Live Events → events-gateway → gradebook processor → writer → IC, latency per result', run: runGradePassback },
  footprint: { kind: 'single', name: 'footprint', summary: 'idle RSS and start-up CPU of every app, one after the other', run: runFootprint },
  'scale-out': { kind: 'single', name: 'scale-out', summary: 'the same full sync and passback burst with 1, 2 and 3 replicas of each consuming app', run: runScaleOut },
};
