import { fork, type ChildProcess } from 'node:child_process';
import { vmHwmMiB } from '../../common/measure';
import { processCpuSeconds } from '../../scale-out/cpu-usage';

/** A request from the driver to a simulator host, and its answer. */
export interface SimCall { id: number; op: string; args: unknown[] }
export interface SimAnswer { id: number; result?: unknown; error?: string }

/** A simulator running in its own process (so its heap, GC pauses and CPU are not the driver's), driven over IPC. */
export interface SimProcess<Info> {
  name: string;
  pid: number;
  /** What the host reported once it served (urls, counts …). */
  info: Info;
  call<T>(op: string, ...args: unknown[]): Promise<T>;
  /** VmHWM of the host process (MiB). */
  peakRssMiB(): number | undefined;
  /** CPU seconds (user + system) the host process has used so far. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Forks `entry` (a TypeScript host file under swc-node) with its own heap; resolves once the host sends
 * `{ ready: info }`. Calls are answered in order of their ids; a host that exits fails every open call.
 */
export async function forkSimHost<Info>(name: string, entry: string, args: string[], heapMiB: number): Promise<SimProcess<Info>> {
  const child: ChildProcess = fork(entry, args, {
    execArgv: [`--max-old-space-size=${heapMiB}`, '-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const open = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const info = await new Promise<Info>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} simulator host exited with ${code} before it was ready`)));
    child.on('message', (message: { ready?: Info } & Partial<SimAnswer>) => {
      if (message.ready) return resolve(message.ready);
      const waiting = message.id !== undefined ? open.get(message.id) : undefined;
      if (!waiting) return;
      open.delete(message.id!);
      if (message.error !== undefined) waiting.reject(new Error(`${name} simulator host: ${message.error}`));
      else waiting.resolve(message.result);
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code) => {
    for (const waiting of open.values()) waiting.reject(new Error(`${name} simulator host exited with ${code}`));
    open.clear();
  });
  const pid = child.pid!;
  return {
    name, pid, info,
    call: <T>(op: string, ...callArgs: unknown[]) => new Promise<T>((resolve, reject) => {
      const id = nextId++;
      open.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args: callArgs } satisfies SimCall);
    }),
    peakRssMiB: () => vmHwmMiB(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

/** Host side: reports `info` as ready, answers each call with `handlers[op](...args)`, closes on SIGTERM/SIGINT. */
export function serveSimCalls(info: unknown, handlers: Record<string, (...args: never[]) => unknown>, close: () => Promise<void>): void {
  process.on('message', (message: SimCall) => {
    void (async () => {
      const handler = handlers[message.op] as ((...args: unknown[]) => unknown) | undefined;
      try {
        if (!handler) throw new Error(`no operation "${message.op}" (known: ${Object.keys(handlers).join(', ')})`);
        process.send!({ id: message.id, result: await handler(...message.args) } satisfies SimAnswer);
      } catch (error) {
        process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies SimAnswer);
      }
    })();
  });
  const stop = () => void close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop); // the driver died: do not linger
  process.send!({ ready: info });
}
