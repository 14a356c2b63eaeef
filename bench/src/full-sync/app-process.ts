import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { vmHwmMiB } from '../common/measure';
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
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number | undefined;
  exited(): boolean;
  stop(): Promise<void>;
}

/** Entry file of an app, or an error naming what is missing. */
export function appEntry(app: string): string {
  const entry = join(REPO_ROOT, 'apps', app, 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`apps/${app}/src/main.ts does not exist yet; the full-sync benchmark needs the extractor, transformer and loader apps`);
  return entry;
}

/** Spawns `node -r @swc-node/register apps/<app>/src/main.ts` with the given env; stdout/stderr go to `logDir/<app>.log`. */
export function spawnApp(app: string, env: NodeJS.ProcessEnv, httpPort: number, logDir: string): AppProcess {
  const entry = appEntry(app);
  const logFile = join(logDir, `${app}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
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
