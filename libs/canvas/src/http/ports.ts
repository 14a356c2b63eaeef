/** The HTTP side effect, shaped like the global `fetch` so the default is just `fetch`. */
export type FetchPort = (url: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

/** Time as a port: tests drive it virtually, production uses the system clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock implementation of `Clock`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
