import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScaledBenchmark } from './common/benchmark';
import { listFlag, parseBenchArgs } from './common/cli-args';
import { writeReport } from './common/report';
import { BENCHMARKS } from './registry';

/** `node -r @swc-node/register bench/src/run.ts <name> [--size 5k,50k] [flags]` — runs one benchmark, writes bench/results. */
async function main(argv: string[]): Promise<void> {
  const { name, flags } = parseBenchArgs(argv);
  const bench = BENCHMARKS[name];
  if (!bench) throw new Error(`unknown benchmark "${name}"; one of: ${Object.keys(BENCHMARKS).join(', ')}`);
  if (flags.child === 'true') return runChild(bench as ScaledBenchmark, flags);
  const report = bench.kind === 'single' ? await bench.run(flags) : bench.combine(await runScales(bench, flags), flags);
  const paths = writeReport(report);
  process.stdout.write(`${readFileSync(paths.markdown, 'utf8')}\nwritten: ${paths.json}\n         ${paths.markdown}\n`);
}

/** Each scale in its own process, one after the other (so they never compete for the 2 cores or memory). */
async function runScales(bench: ScaledBenchmark, flags: Record<string, string>): Promise<{ scale: string; result: unknown }[]> {
  const scales = listFlag(flags, 'size', bench.defaultScales);
  const dir = mkdtempSync(join(tmpdir(), 'rp-bench-'));
  const out: { scale: string; result: unknown }[] = [];
  try {
    for (const scale of scales) {
      const file = join(dir, `${scale}.json`);
      const passThrough = Object.entries(flags).filter(([k]) => k !== 'size').flatMap(([k, v]) => [`--${k}`, v]);
      process.stderr.write(`[bench] ${bench.name} ${scale}…\n`);
      await runNode([__filename, bench.name, '--child', '--size', scale, '--out', file, ...passThrough]);
      out.push({ scale, result: JSON.parse(readFileSync(file, 'utf8')) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function runChild(bench: ScaledBenchmark, flags: Record<string, string>): Promise<void> {
  const result = await bench.runScale(flags.size, flags);
  writeFileSync(flags.out, JSON.stringify(result));
}

/** Runs a TypeScript entry with @swc-node/register and a heap large enough for the 400k district. */
function runNode(args: string[], heapMiB = 6144): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMiB}`, '-r', '@swc-node/register', ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${args.slice(0, 2).join(' ')} exited with ${code ?? signal}`))));
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

