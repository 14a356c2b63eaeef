import { TenantConcurrencyLimiter, ConcurrencySettings } from './concurrency.limiter';
import { OneRosterHttp } from './oneroster-http';
import { ClockPort, FetchPort, globalFetch, systemClock } from './ports';
import { RetrySettings } from './retry.policy';
import { ClientCredentialsTokenProvider, TokenSettings } from './token.provider';

/** One tenant's OneRoster connection settings. */
export interface OneRosterConnectionSettings {
  tenant: string;
  /** e.g. `https://host/campus/api/oneroster/v1p2/<app>/ims/oneroster/rostering/v1p2` (IC has two URL forms, doc §6). */
  rosteringBaseUrl: string;
  /** Defaults to the rostering base URL with `rostering` swapped for `gradebook`. */
  gradebookBaseUrl?: string;
  token: TokenSettings;
  /** IC gradebook: sent as `x-vendor-authorization: <key>:<secret>` on every gradebook call. */
  vendorAuthorization?: { key: string; secret: string };
  /** Records per page (default 1000; IC allows up to 50,000). */
  pageSize?: number;
  concurrency?: ConcurrencySettings;
  retry?: Partial<RetrySettings>;
  timeoutMs?: number;
  /** Largest response body read per request (default 256 MiB). */
  maxResponseBytes?: number;
}

/** Side-effect ports; all optional (global fetch, system clock, Math.random). */
export interface OneRosterPorts {
  fetch?: FetchPort;
  clock?: ClockPort;
  random?: () => number;
  /** Share one limiter between the rostering and gradebook clients of a tenant. */
  limiter?: TenantConcurrencyLimiter;
  tokens?: ClientCredentialsTokenProvider;
}

/** The gradebook base URL derived from the rostering one (IC serves both under the same prefix). */
export function deriveGradebookBaseUrl(rosteringBaseUrl: string): string {
  const derived = rosteringBaseUrl.replace(/\/rostering\/v1p2\/?$/, '/gradebook/v1p2');
  if (derived === rosteringBaseUrl) {
    throw new Error(`cannot derive the gradebook URL from ${rosteringBaseUrl}; set gradebookBaseUrl explicitly`);
  }
  return derived;
}

/** Builds the shared HTTP executor (token cache + limiter) for one tenant. */
export function createOneRosterHttp(settings: OneRosterConnectionSettings, ports: OneRosterPorts = {}): OneRosterHttp {
  const fetchPort = ports.fetch ?? globalFetch;
  const clock = ports.clock ?? systemClock;
  return new OneRosterHttp({
    tenant: settings.tenant,
    tokens: ports.tokens ?? new ClientCredentialsTokenProvider(settings.tenant, settings.token, fetchPort, clock),
    fetch: fetchPort,
    clock,
    limiter: ports.limiter ?? new TenantConcurrencyLimiter(settings.concurrency ?? {}, clock),
    random: ports.random,
    retry: settings.retry,
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    allowedOrigins: configuredOrigins(settings),
  });
}

/** The origins of the tenant's rostering and gradebook base URLs: where its credentials may be sent. */
export function configuredOrigins(settings: Pick<OneRosterConnectionSettings, 'rosteringBaseUrl' | 'gradebookBaseUrl'>): string[] {
  const origins = [settings.rosteringBaseUrl, settings.gradebookBaseUrl].flatMap((url) => (url ? [new URL(url).origin] : []));
  return [...new Set(origins)];
}
