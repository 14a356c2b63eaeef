import { readFileSync } from 'node:fs';

/** USER_HZ of Linux /proc (clock ticks per second), 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of a process from its /proc/<pid>/stat text. */
export function parseProcessCpuSeconds(stat: string): number {
  // the command name (field 2) may contain spaces and parentheses: fields are counted after its closing one
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
}

/** CPU seconds a running process used so far; undefined once it has exited. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    return parseProcessCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Busy and total CPU ticks of the whole machine from the first (`cpu`) line of /proc/stat. */
export function parseMachineTicks(stat: string): { busy: number; total: number } {
  const values = stat.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** A snapshot of the machine's CPU ticks, to measure how busy it was between two snapshots. */
export function machineTicks(): { busy: number; total: number } {
  return parseMachineTicks(readFileSync('/proc/stat', 'utf8'));
}

/** Share of all cores busy between two snapshots (0..1). */
export function busyShare(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** The 1/5/15-minute load averages as printed in /proc/loadavg. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
