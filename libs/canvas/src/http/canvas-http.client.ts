import { backoffDelay } from '@rp/config';
import { pipelineMetrics } from '@rp/observability';
import { CanvasPermanentError, CanvasRetriableError, type CanvasError } from '../errors/canvas.error';
import { classifyCanvasResponse, isRateLimited } from './canvas-error.classifier';
import { parseLinkHeader } from './link-header';
import { systemClock, type Clock, type FetchPort } from './ports';
import { RateLimitGovernor } from './rate-limit.governor';

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type QueryParams = Record<string, QueryValue>;
export type RequestBody = string | Uint8Array | ReadableStream<Uint8Array> | URLSearchParams;

export interface CanvasHttpClientOptions {
  /** Canvas origin, e.g. `https://district.instructure.com`. */
  baseUrl: string;
  /** Bearer token, or a provider (e.g. refreshing an OAuth token, which lives 1 hour). */
  token: string | (() => string | Promise<string>);
  tenant?: string;
  fetch?: FetchPort;
  clock?: Clock;
  /** One governor per token; share it between clients that use the same token. */
  governor?: RateLimitGovernor;
  /** Attempts per request including the first (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  timeoutMs?: number;
}

export interface CanvasRequest {
  method?: string;
  /** `/api/v1/...` or an absolute URL on the same origin (a pagination link). */
  path: string;
  query?: QueryParams;
  /** A factory, so a retried request gets a fresh body (streams can be read once). */
  body?: () => RequestBody | Promise<RequestBody>;
  contentType?: string;
  /** Retry on 5xx/timeouts; default true for GET/PUT/DELETE/HEAD, false for POST. Throttling is always retried. */
  idempotent?: boolean;
}

export interface CanvasResponse<T> {
  status: number;
  headers: Headers;
  data: T;
  url: string;
}

/** Appends query parameters the Rails way: arrays as `key[]=a&key[]=b`. */
export function buildQuery(url: URL, query: QueryParams = {}): URL {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const name = key.endsWith('[]') ? key : `${key}[]`;
      for (const item of value) url.searchParams.append(name, String(item));
    } else url.searchParams.append(key, String(value));
  }
  return url;
}

/**
 * Canvas HTTP transport: Bearer auth, rate-limit pacing, retries with backoff for retriable failures,
 * classified errors, and `Link`-header pagination that never sends the token to another origin.
 */
export class CanvasHttpClient {
  readonly tenant?: string;
  readonly governor: RateLimitGovernor;
  private readonly origin: string;
  private readonly fetchPort: FetchPort;
  private readonly clock: Clock;

  constructor(private readonly options: CanvasHttpClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.tenant = options.tenant;
    this.fetchPort = options.fetch ?? ((url, init) => fetch(url, init));
    this.clock = options.clock ?? systemClock;
    this.governor = options.governor ?? new RateLimitGovernor({ clock: this.clock });
  }

  /** Sends one request (retrying as allowed) and parses a JSON answer. */
  async request<T>(request: CanvasRequest): Promise<CanvasResponse<T>> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = this.resolve(request.path, request.query);
    const what = `${method} ${url.pathname}`;
    const idempotent = request.idempotent ?? method !== 'POST';
    const maxAttempts = this.options.maxAttempts ?? 5;
    let lastError: CanvasError | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1 && lastError && !isRateLimitError(lastError)) await this.clock.sleep(this.backoffMs(attempt, lastError));
      const outcome = await this.attempt<T>(method, url, request, what);
      if (!('error' in outcome)) return outcome;
      lastError = outcome.error;
      const retry = lastError.retriable && (idempotent || isRateLimitError(lastError) || lastError.status === 429);
      if (!retry) throw lastError;
    }
    throw lastError as CanvasError;
  }

  /** Yields every item of a paginated list, following `rel="next"` links as opaque URLs. */
  async *paginate<T>(path: string, query: QueryParams = {}, extract: (body: unknown) => T[] = (body) => body as T[]): AsyncGenerator<T> {
    let next: string | undefined = this.resolve(path, { per_page: 100, ...query }).toString();
    while (next) {
      const page: CanvasResponse<unknown> = await this.request<unknown>({ path: next });
      for (const item of extract(page.data) ?? []) yield item;
      next = parseLinkHeader(page.headers.get('link')).next;
    }
  }

  /** Collects a paginated list into an array (for lists known to be small). */
  async listAll<T>(path: string, query: QueryParams = {}, extract?: (body: unknown) => T[]): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this.paginate<T>(path, query, extract)) items.push(item);
    return items;
  }

  private async attempt<T>(method: string, url: URL, request: CanvasRequest, what: string): Promise<CanvasResponse<T> | { error: CanvasError }> {
    const context = { tenant: this.tenant, what };
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.token()}`, Accept: 'application/json' };
    if (request.contentType) headers['Content-Type'] = request.contentType;
    const body = request.body ? await request.body() : undefined;
    await this.governor.acquire();
    let response: Response;
    try {
      response = await this.fetchPort(url.toString(), {
        method,
        headers,
        body: body as RequestInit["body"],
        duplex: body instanceof ReadableStream ? 'half' : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (cause) {
      this.governor.abandon();
      const reason = cause instanceof Error ? cause.message : String(cause);
      return { error: new CanvasRetriableError(`no response (${reason})`, 'Canvas unreachable or slow; retry with backoff', context, { cause }) };
    }
    const text = await response.text().catch(() => '');
    const throttled = isRateLimited(response.status, text);
    const remaining = numberHeader(response.headers, 'x-rate-limit-remaining');
    this.governor.complete({ throttled, remaining, cost: numberHeader(response.headers, 'x-request-cost') });
    if (remaining !== undefined) pipelineMetrics.canvasRateLimitRemaining(this.tenant, remaining);
    if (!response.ok) return { error: classifyCanvasResponse(response.status, text, response.headers, context) };
    return { status: response.status, headers: response.headers, data: parseJson<T>(text), url: url.toString() };
  }

  private resolve(path: string, query?: QueryParams): URL {
    const url = new URL(path, this.origin);
    if (url.origin !== this.origin) {
      throw new CanvasPermanentError(`refusing to send the token to ${url.origin}`, `links must stay on ${this.origin}; check the Canvas base URL`, { tenant: this.tenant, what: path });
    }
    return buildQuery(url, query);
  }

  private async token(): Promise<string> {
    return typeof this.options.token === 'string' ? this.options.token : await this.options.token();
  }

  private backoffMs(attempt: number, error: CanvasError): number {
    const base = this.options.retryBaseMs ?? 500;
    return backoffDelay({ initialDelayMs: base, maxDelayMs: 30_000, jitter: 0 }, attempt - 1) * (error.status === 429 ? 2 : 1);
  }
}

function isRateLimitError(error: CanvasError): boolean {
  return error.status === 403 && error.retriable;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function parseJson<T>(text: string): T {
  if (text.trim() === '') return undefined as T;
  // Canvas may prefix JSON with `while(1);` as CSRF protection for session-authenticated calls.
  return JSON.parse(text.replace(/^while\(1\);/, '')) as T;
}
