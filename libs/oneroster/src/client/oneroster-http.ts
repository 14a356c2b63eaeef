import { readCapped } from '@rp/config';
import { pipelineMetrics } from '@rp/observability';
import { CrossOriginRefusedError, OneRosterError, OneRosterPermanentError, OneRosterRetriableError, httpError } from '../errors/oneroster.errors';
import { parseImsxStatus } from '../normalise/status-info';
import { TenantConcurrencyLimiter } from './concurrency.limiter';
import { bodyExcerpt, DEFAULT_MAX_RESPONSE_BYTES, isAllowedOrigin, isRedirect, MAX_REDIRECTS, originOf } from './outbound.policy';
import { ClockPort, FetchPort } from './ports';
import { RetrySettings, backoffDelayMs, defaultRetrySettings, parseRetryAfterMs } from './retry.policy';
import { ClientCredentialsTokenProvider, safeJson } from './token.provider';

export interface HttpResult {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export interface OneRosterHttpDeps {
  tenant: string;
  tokens: ClientCredentialsTokenProvider;
  fetch: FetchPort;
  clock: ClockPort;
  limiter: TenantConcurrencyLimiter;
  random?: () => number;
  retry?: Partial<RetrySettings>;
  /** Per-request timeout (default 120 s: a 50,000-record page is large). */
  timeoutMs?: number;
  /** Largest response body read (default 256 MiB). */
  maxResponseBytes?: number;
  /**
   * Origins of the tenant's configured base URLs: the bearer token and `x-vendor-authorization` go nowhere else
   * (a `Link rel=next` or a redirect to another origin is refused). Undefined = not restricted (unit tests).
   */
  allowedOrigins?: string[];
  /** The setting that names these origins, for the refusal message (default `--ic-base-url`). */
  originSetting?: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Executes one OneRoster call: bearer token, per-tenant concurrency slot, one token refresh on 401,
 * bounded retries with backoff + jitter on 429 (honouring Retry-After), 5xx, timeouts and network errors.
 * Every failed attempt counts in `rp_ic_errors_total{tenant,kind,status}` (the refreshed 401 excepted).
 */
export class OneRosterHttp {
  private readonly retry: RetrySettings;

  constructor(private readonly deps: OneRosterHttpDeps) {
    this.retry = { ...defaultRetrySettings, ...deps.retry };
  }

  get tenant(): string {
    return this.deps.tenant;
  }

  /** Throws a CrossOriginRefusedError when `url` is not on an origin the tenant configured; `via` says how it came. */
  assertAllowedUrl(url: string, endpoint: string, via: string): void {
    if (isAllowedOrigin(url, this.deps.allowedOrigins)) return;
    const setting = this.deps.originSetting ?? '--ic-base-url';
    throw new CrossOriginRefusedError(
      `tenant ${this.tenant}: OneRoster ${endpoint}: ${via} points to ${originOf(url) ?? url}, which is not the origin of the tenant's ` +
        `configured base URL (${this.deps.allowedOrigins?.join(', ')}); the bearer token and vendor key are never sent to another origin — ` +
        `if the provider moved, update the base URL (\`ops tenants update ${this.tenant} ${setting} …\`), else ask the provider to fix its links`,
      { tenant: this.tenant, endpoint },
    );
  }

  /** Performs the request; resolves with any 2xx, throws a classified OneRosterError otherwise. */
  async request(method: string, url: string, endpoint: string, options: RequestOptions = {}): Promise<HttpResult> {
    this.assertAllowedUrl(url, endpoint, 'the request');
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      let failure: OneRosterError;
      let retryAfterMs: number | undefined;
      try {
        const { result, token } = await this.deps.limiter.run(() => this.once(method, url, endpoint, options));
        if (result.status >= 200 && result.status < 300) return result;
        if (result.status === 401 && !refreshedToken) {
          // Tokens can expire or be revoked before expires_in; fetch a fresh one once and repeat the call.
          refreshedToken = true;
          this.deps.tokens.invalidate(token);
          attempt--;
          continue;
        }
        failure = httpError(
          { tenant: this.tenant, endpoint, status: result.status, imsx: parseImsxStatus(safeJson(result.text)) },
          bodyExcerpt(result.text),
        );
        if (result.status === 429 || result.status === 503) retryAfterMs = parseRetryAfterMs(result.headers.get('retry-after'), this.deps.clock.now());
      } catch (error) {
        failure = error instanceof OneRosterError ? error : this.transportError(error, method, endpoint);
      }
      pipelineMetrics.icError(this.tenant, failure.retriable ? 'retriable' : 'permanent', failure.status);
      if (!failure.retriable || attempt + 1 >= this.retry.maxAttempts) {
        if (failure.retriable) failure.message += ` (gave up after ${attempt + 1} attempts)`;
        throw failure;
      }
      const delay = retryAfterMs !== undefined
        ? Math.min(retryAfterMs, this.retry.maxRetryAfterMs)
        : backoffDelayMs(attempt, this.retry, this.deps.random ?? Math.random);
      await this.deps.clock.sleep(delay);
    }
  }

  /** Sends a request, mapping only an HTTP outcome; parses nothing. Redirects are followed within the allowed origins only. */
  private async once(method: string, url: string, endpoint: string, options: RequestOptions): Promise<{ result: HttpResult; token: string }> {
    const token = await this.deps.tokens.token();
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}`, ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let target = url;
    for (let hops = 0; ; hops++) {
      const response = await this.deps.fetch(target, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 120_000),
        redirect: 'manual',
      });
      const location = isRedirect(response.status) ? response.headers.get('location') : null;
      if (location && hops < MAX_REDIRECTS) {
        await response.body?.cancel().catch(() => undefined);
        target = new URL(location, target).toString();
        this.assertAllowedUrl(target, endpoint, `a redirect (HTTP ${response.status})`);
        continue;
      }
      const maxBytes = this.deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const text = await readCapped(response, maxBytes);
      if (text === undefined) {
        throw new OneRosterPermanentError(
          `tenant ${this.tenant}: OneRoster ${method} ${endpoint} answered more than ${maxBytes} bytes; lower the tenant's page size (ic.pageSize)`,
          { tenant: this.tenant, endpoint, status: response.status },
        );
      }
      return { result: { status: response.status, headers: response.headers, text }, token };
    }
  }

  private transportError(error: unknown, method: string, endpoint: string): OneRosterError {
    const name = (error as { name?: string })?.name;
    const what = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : `failed (${(error as Error)?.message ?? String(error)})`;
    return new OneRosterRetriableError(`tenant ${this.tenant}: OneRoster ${method} ${endpoint} ${what}`, {
      tenant: this.tenant,
      endpoint,
      cause: error,
    });
  }
}
