import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '@rp/testing';
import { waitFor } from './wait';

export { freePort };

export const REPO_ROOT = resolve(__dirname, '../../..');

export type AppName = 'extractor' | 'transformer' | 'loader';

/** True when the app's entry point exists in the work tree. */
export function appExists(app: string): boolean {
  return existsSync(join(REPO_ROOT, 'apps', app, 'src', 'main.ts'));
}

/**
 * One app running as a real process (`node -r @swc-node/register apps/<app>/src/main.ts`), logging to a file,
 * ready when its /readyz answers 200. `kill('SIGKILL')` then `start()` simulates a crash and a restart.
 */
export class AppProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | null>;
  readonly logFile: string;
  starts = 0;

  constructor(
    readonly app: AppName | string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.logFile = join(logDir, `${app}.log`);
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the app (appending to its log) and waits until /readyz answers 200. */
  async start(readyTimeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`${this.app} is already running (pid ${this.pid})`);
    const fd = openSync(this.logFile, 'a');
    this.starts++;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${this.app}/src/main.ts`], {
      cwd: REPO_ROOT,
      env: { ...this.env, HTTP_PORT: String(this.port) },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exit = new Promise((done) => child.once('exit', (code) => done(code)));
    await waitFor(`${this.app} /readyz`, async () => {
      if (!this.running) throw new Error(`${this.app} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready\n${this.tail()}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/readyz`, { signal: AbortSignal.timeout(2000) });
        return res.status === 200;
      } catch {
        return false;
      }
    }, { timeoutMs: readyTimeoutMs, intervalMs: 300, describe: () => this.tail() });
  }

  /** Sends a signal and waits for the process to end (SIGTERM gets `graceMs`, then SIGKILL). */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
    if (!this.child || !this.running) return;
    this.child.kill(signal);
    const ended = await Promise.race([this.exit!.then(() => true), sleep(graceMs).then(() => false)]);
    if (!ended) {
      this.child.kill('SIGKILL');
      await this.exit;
    }
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.kill(signal);
    await this.start();
  }

  /** Last lines of the app's log, for failure messages. */
  tail(lines = 40): string {
    if (!existsSync(this.logFile)) return `(${this.app}: no log)`;
    const all = readFileSync(this.logFile, 'utf8').trimEnd().split('\n');
    return `--- ${this.app} log (${this.logFile}), last ${Math.min(lines, all.length)} lines ---\n${all.slice(-lines).join('\n')}`;
  }

  /** Whole log text. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
