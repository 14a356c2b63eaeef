import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, ScaledBenchmark } from './common/benchmark';
import { listFlag, parseBenchArgs } from './common/cli-args';
import { writeReport, type BenchmarkReport } from './common/report';
import { BENCHMARKS } from './registry';

/** `node -r @swc-node/register bench/src/run.ts <name> [--size 5k,50k] [flags]` — runs one benchmark, writes bench/results. */
async function main(argv: string[]): Promise<void> {
  const { name, flags } = parseBenchArgs(argv);
  const bench = BENCHMARKS[name];
  if (!bench) throw new Error(`unknown benchmark "${name}"; one of: ${Object.keys(BENCHMARKS).join(', ')}`);
  if (flags.child === 'true') return runChild(bench, flags);
  const report = bench.kind === 'single' ? await inChild<BenchmarkReport>(bench, flags) : bench.combine(await runScales(bench, flags), flags);
  const paths = writeReport(report);
  process.stdout.write(`${readFileSync(paths.markdown, 'utf8')}\nwritten: ${paths.json}\n         ${paths.markdown}\n`);
}

/**
 * Runs the benchmark (or one of its scales) in a child process with its own heap and reads back what it wrote:
 * a single benchmark as well as each scale, since full-sync at 400k hosts both simulators in that process.
 */
async function inChild<T>(bench: Benchmark, flags: Record<string, string>, scale?: string): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rp-bench-'));
  try {
    const file = join(dir, 'result.json');
    const passThrough = Object.entries(flags).filter(([k]) => scale === undefined || k !== 'size').map(([k, v]) => `--${k}=${v}`); // one argument each: a value may start with "--" (--app-node-options=--trace-gc)
    const scaleArgs = scale === undefined ? [] : ['--size', scale];
    await runNode([__filename, bench.name, '--child', ...scaleArgs, '--out', file, ...passThrough], heapMiB(flags));
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each scale in its own process, one after the other (so they never compete for the 2 cores or memory). */
async function runScales(bench: ScaledBenchmark, flags: Record<string, string>): Promise<{ scale: string; result: unknown }[]> {
  const out: { scale: string; result: unknown }[] = [];
  for (const scale of listFlag(flags, 'size', bench.defaultScales)) {
    process.stderr.write(`[bench] ${bench.name} ${scale}…\n`);
    out.push({ scale, result: await inChild(bench, flags, scale) });
  }
  return out;
}

async function runChild(bench: Benchmark, flags: Record<string, string>): Promise<void> {
  const result = bench.kind === 'single' ? await bench.run(flags) : await bench.runScale(flags.size, flags);
  writeFileSync(flags.out, JSON.stringify(result));
}

/**
 * The heap of a scale's process: `--heap-mib`, else 60 % of this machine's memory (the process hosts the simulators,
 * which at 400k hold the district and millions of Canvas objects; the rest is left to the apps, Kafka and PostgreSQL).
 */
function heapMiB(flags: Record<string, string>): number {
  const asked = Number(flags['heap-mib']);
  return Number.isInteger(asked) && asked > 0 ? asked : Math.floor((totalmem() / 2 ** 20) * 0.6);
}

/** Runs a TypeScript entry with @swc-node/register and the given heap. */
function runNode(args: string[], heapMiB: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMiB}`, '-r', '@swc-node/register', ...args], { stdio: 'inherit' });
    // a signal to the runner reaches the benchmark process, which stops its apps and cleans up before exiting
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code === 0) resolve();
      else reject(new Error(`${args.slice(0, 2).join(' ')} exited with ${code ?? signal}`));
    });
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}

