/** The part of a fetch Response the client uses. */
export interface HttpResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as a stream, when the transport has one (read with a size cap). */
  body?: ReadableStream<Uint8Array> | null;
}

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** The client follows redirects itself (`manual`) so credentials never follow one to another origin. */
  redirect?: 'manual' | 'follow';
}

/** Fetch-like HTTP port; the global fetch satisfies it. */
export type FetchPort = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

/** Clock port: wall time and waiting, injectable so tests never sleep. */
export interface ClockPort {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: ClockPort = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Global fetch as a FetchPort. */
export const globalFetch: FetchPort = (url, init) => fetch(url, init);
