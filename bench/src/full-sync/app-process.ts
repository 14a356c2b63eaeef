import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { vmHwmMiB, vmRssMiB } from '../common/measure';
import { processCpuSeconds } from '../scale-out/cpu-usage';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** One platform app running as its own process, the way e2e tests and deployments run it. */
export interface AppProcess {
  app: string;
  pid: number;
  httpPort: number;
  logFile: string;
  /** VmHWM of the process (MiB); read it before stopping. */
  peakRssMiB(): number | undefined;
  /** VmRSS of the process now (MiB). */
  rssMiB(): number | undefined;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number | undefined;
  exited(): boolean;
  stop(): Promise<void>;
}

/**
 * How an app runs: `dist` as the Docker image runs it (`node dist/apps/<app>/main.js` from `npm run build`, with
 * `--enable-source-maps` as the image's NODE_OPTIONS), `source` through swc-node's on-the-fly compiler.
 */
export type AppRuntime = 'dist' | 'source';

/** The `--runtime` flag (default `dist`), or an error naming the choices. */
export function appRuntimeOf(flag: string | undefined): AppRuntime {
  const runtime = flag ?? 'dist';
  if (runtime !== 'dist' && runtime !== 'source') throw new Error(`--runtime must be dist or source, got "${runtime}"`);
  return runtime;
}

/** Entry file of an app, or an error naming what is missing (for `dist`: run `npm run build` first). */
export function appEntry(app: string, runtime: AppRuntime = 'source'): string {
  if (runtime === 'dist') {
    const built = join(REPO_ROOT, 'dist', 'apps', app, 'main.js');
    if (!existsSync(built)) throw new Error(`dist/apps/${app}/main.js does not exist: run \`npm run build\` first (or pass --runtime source)`);
    return built;
  }
  const entry = join(REPO_ROOT, 'apps', app, 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`apps/${app}/src/main.ts does not exist yet; the full-sync benchmark needs the extractor, transformer and loader apps`);
  return entry;
}

/** The node arguments that start an app the given way. */
export function appNodeArgs(app: string, runtime: AppRuntime): string[] {
  return runtime === 'dist' ? ['--enable-source-maps', appEntry(app, 'dist')] : ['-r', '@swc-node/register', appEntry(app, 'source')];
}

/**
 * Spawns the app (`node -r @swc-node/register apps/<app>/src/main.ts`, or with `runtime: 'dist'` the built
 * `node dist/apps/<app>/main.js`) with the given env; stdout/stderr go to `logDir/<app>.log`.
 */
export function spawnApp(app: string, env: NodeJS.ProcessEnv, httpPort: number, logDir: string, runtime: AppRuntime = 'source', logName = app): AppProcess {
  const logFile = join(logDir, `${logName}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, appNodeArgs(app, runtime), {
    cwd: REPO_ROOT,
    env: { ...env, HTTP_PORT: String(httpPort), HTTP_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const pid = child.pid!;
  return {
    app, pid, httpPort, logFile,
    peakRssMiB: () => vmHwmMiB(pid),
    rssMiB: () => vmRssMiB(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    }),
  };
}

/** Waits until the app's /readyz answers 200 (or throws naming the log file when it exits or times out). */
export async function waitReady(proc: AppProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exited()) throw new Error(`${proc.app} exited during start-up; see ${proc.logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${proc.httpPort}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${proc.app} was not ready within ${timeoutMs / 1000}s; see ${proc.logFile}`);
}
