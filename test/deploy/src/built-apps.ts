import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { uniqueName } from '@rp/testing';

export const repoRoot = resolve(__dirname, '../../..');

/** The apps the production build must produce (`dist/apps/<app>/main.js`). */
export const BUILT_APPS = ['extractor', 'transformer', 'loader', 'events-gateway', 'gradebook', 'notifier', 'ops'] as const;

/**
 * Runs the production build (deploy/build/build-apps.mjs) into a fresh folder under the repo's tmp/ (inside the
 * repo so `node_modules` resolves as it does from dist/ and in the image) and returns that folder.
 */
export function buildAppsInto(label: string): string {
  const outDir = join(repoRoot, 'tmp', uniqueName(label));
  const result = spawnSync(process.execPath, ['deploy/build/build-apps.mjs', '--out', outDir], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return outDir;
}

export function removeBuild(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
}

export { freePort } from '@rp/testing';

/** Polls until `check` returns a value other than false; a throw ends the wait at once. */
export async function eventually<T>(what: string, check: () => Promise<T | false>, timeoutMs = 60_000, describe?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describe ? `\n${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A built app run exactly as the image runs it: `node <out>/apps/<app>/main.js`, no dev tooling, log to a file. */
export class BuiltAppProcess {
  private child?: ChildProcess;
  private exited?: Promise<Exit>;
  readonly logFile: string;

  constructor(
    readonly outDir: string,
    readonly app: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly label = app,
  ) {
    mkdirSync(join(outDir, 'logs'), { recursive: true });
    this.logFile = join(outDir, 'logs', `${label}.log`);
  }

  /** Spawns the app and waits until /readyz answers 200 (throws with the log tail if it dies first). */
  async start(): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    // NODE_OPTIONS cleared: the parent (Jest) must not lend the child a TypeScript loader.
    const child = spawn(process.execPath, [join(this.outDir, 'apps', this.app, 'main.js')], {
      cwd: this.outDir,
      env: { ...this.env, NODE_OPTIONS: '', HTTP_PORT: String(this.port) },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    await eventually(`${this.label} /readyz`, async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.label} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready\n${this.tail()}`);
      }
      try {
        return (await fetch(`http://127.0.0.1:${this.port}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200;
      } catch {
        return false;
      }
    }, 90_000, () => this.tail());
  }

  /** Sends `signal` and resolves with how the process ended, or with undefined if it still runs after `graceMs`. */
  async signal(signal: NodeJS.Signals, graceMs: number): Promise<Exit | undefined> {
    this.child!.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([this.exited!, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), graceMs)))]);
    clearTimeout(timer);
    return outcome;
  }

  /** Last resort for afterAll: SIGKILL if still running. */
  async kill(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  tail(lines = 30): string {
    if (!existsSync(this.logFile)) return `(${this.label}: no log)`;
    const all = readFileSync(this.logFile, 'utf8').trimEnd().split('\n');
    return `--- ${this.label} log, last ${Math.min(lines, all.length)} lines ---\n${all.slice(-lines).join('\n')}`;
  }
}
