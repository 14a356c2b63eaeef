import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');
const MAIN = 'apps/ops/src/main.ts';

export interface OpsResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ops` as an operator runs it: a separate Node process (stdin not a terminal), with exactly `env`. */
export function startOps(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<OpsResult> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<OpsResult>((resolveDone, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolveDone({ code, stdout, stderr }));
  });
  return { child, done };
}

/** Runs `ops <args>` to completion. */
export function runOps(args: string[], env: NodeJS.ProcessEnv): Promise<OpsResult> {
  return startOps(args, env).done;
}

/** Resolves with the first stdout line of `child` (e.g. the run id `ops sync --wait --json` prints first). */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        child.stdout!.off('data', onData);
        resolveLine(buffer.slice(0, newline));
      }
    };
    child.stdout!.on('data', onData);
    child.on('close', () => reject(new Error(`ops exited before printing a line (stdout: ${buffer})`)));
  });
}
