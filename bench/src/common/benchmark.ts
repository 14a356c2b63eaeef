import type { BenchmarkReport } from './report';

/** A benchmark run once in the runner's process. */
export interface SingleBenchmark {
  kind: 'single';
  name: string;
  summary: string;
  run(flags: Record<string, string>): Promise<BenchmarkReport>;
}

/**
 * A benchmark swept over district scales; each scale runs in its own child process so peak RSS and GC state
 * belong to that scale alone, then `combine` compares them (ratios 50k/5k, 400k/50k).
 */
export interface ScaledBenchmark<R = unknown> {
  kind: 'scaled';
  name: string;
  summary: string;
  defaultScales: readonly string[];
  runScale(scale: string, flags: Record<string, string>): Promise<R>;
  combine(results: { scale: string; result: R }[], flags: Record<string, string>): BenchmarkReport;
}

export type Benchmark = SingleBenchmark | ScaledBenchmark;
