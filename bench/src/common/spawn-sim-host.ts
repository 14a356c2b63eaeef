import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DistrictCounts } from '@rp/fixtures';
import { vmHwmMiB } from './measure';

/** What the simulator host reports once it serves. */
export interface SimHostInfo {
  generateMs: number;
  generatedRecords: number;
  counts: DistrictCounts;
  rssAfterGenerateMiB: number;
  baseUrl: string;
  tokenUrl: string;
  rosteringUrl: string;
}

export interface SimHost {
  info: SimHostInfo;
  pid: number;
  /** Peak RSS of the simulator process so far (MiB). */
  peakRssMiB(): number | undefined;
  stop(): Promise<void>;
}

/** Starts the OneRoster simulator in its own process (so the extractor side's memory and CPU are its own). */
export async function spawnSimHost(scale: string, seed = 1, heapMiB = 8192): Promise<SimHost> {
  const entry = join(__dirname, 'oneroster-sim-host.ts');
  const child: ChildProcess = spawn(process.execPath, [`--max-old-space-size=${heapMiB}`, '-r', '@swc-node/register', entry, scale, String(seed)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<SimHostInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator host exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as SimHostInfo & { ready?: boolean };
        if (parsed.ready) resolve(parsed);
      } catch {
        // not our status line
      }
    });
  });
  child.removeAllListeners('exit');
  const pid = child.pid!;
  return {
    info,
    pid,
    peakRssMiB: () => vmHwmMiB(pid),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
