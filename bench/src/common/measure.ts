import { readFileSync } from 'node:fs';

/** Milliseconds since an arbitrary origin, sub-millisecond precision. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Records (or rows, bytes…) per second; 0 when no time elapsed. */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? count / (elapsedMs / 1000) : 0;
}

/** Peak resident set size of this process so far, in MiB (`getrusage` ru_maxrss). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Current resident set size of this process, in MiB. */
export function rssMiB(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}

/** Peak resident set size (VmHWM) of another process in MiB, from /proc; undefined once it has exited. */
export function vmHwmMiB(pid: number): number | undefined {
  try {
    return parseVmHwmKiB(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024;
  } catch {
    return undefined;
  }
}

/** Current resident set size (VmRSS) of another process in MiB, from /proc; undefined once it has exited. */
export function vmRssMiB(pid: number): number | undefined {
  try {
    return parseStatusKiB(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') / 1024;
  } catch {
    return undefined;
  }
}

/** The VmHWM line of a /proc/<pid>/status text, in KiB. */
export function parseVmHwmKiB(status: string): number {
  return parseStatusKiB(status, 'VmHWM');
}

/** A `<field>: <n> kB` line of a /proc/<pid>/status text, in KiB. */
export function parseStatusKiB(status: string, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} line in /proc status`);
  return Number(match[1]);
}

/** Rounds for reports: 3 significant digits below 100, integers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
}

/** The p-th percentile (nearest rank, 0 < p ≤ 100) of the values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
