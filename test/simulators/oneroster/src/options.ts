import type { District } from '@rp/fixtures';
import type { ConcurrencyLimitOptions } from './client-concurrency';
import type { ProviderProfileName } from './profile';

export const SCOPE_PREFIX = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';
export const ALL_SCOPES = [
  'roster.readonly', 'roster-core.readonly', 'roster-demographics.readonly', 'gradebook.readonly',
  'gradebook-core.readonly', 'gradebook.createput', 'gradebook.delete',
].map((s) => SCOPE_PREFIX + s);

export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
  /** Full scope URIs this client may be granted (default: all). */
  scopes?: string[];
}

/** Deliberately non-conforming shapes real providers emit. */
export interface QuirkSwitches {
  /** Emit JSON booleans (true) instead of the spec's strings ("true"). */
  jsonBooleans?: boolean;
  /** Emit GUIDRefs as {sourcedId} only, without href/type. */
  bareGuidRefs?: boolean;
  /** Emit `ext:` vocabulary: aide enrollments as `ext:aide`, aide users as `ext:paraprofessional`. */
  extRoles?: boolean;
}

/** Faults; counters apply to the next N API requests (token and admin calls are never faulted). */
export interface FaultSwitches {
  latencyMs?: number;
  /** Answer 429 with Retry-After to the next N requests. */
  throttleNext?: number;
  retryAfterSeconds?: number;
  /** Answer 500 (or `serverErrorStatus`) to the next N requests. */
  serverErrorNext?: number;
  /** Status of those answers: 503 (IC in maintenance or overloaded) carries Retry-After (`retryAfterSeconds`, default 1). */
  serverErrorStatus?: number;
  /** Return only half a page (still with a next link and the real total) on the next N collection reads. */
  truncatePageNext?: number;
  /** Report X-Total-Count too low by this many on the next collection reads (with `wrongTotalNext`). */
  wrongTotalNext?: number;
  /** Cut the JSON body in half on the next N responses. */
  malformedJsonNext?: number;
  /** Reject the next N token requests with 500. */
  tokenErrorNext?: number;
}

export type UrlStyle = 'documented' | 'app-path';

export interface OneRosterSimulatorOptions {
  /** Provider behaviour (profile.ts): `infinite-campus` (default) or `minimal`; the options below override it. */
  profile?: ProviderProfileName;
  host?: string;
  port?: number;
  clients?: SimulatorClient[];
  /** Access-token lifetime in seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Largest page served whatever `limit` asks (IC: 50,000; minimal profile: 500). */
  pageSizeCap?: number;
  /** IC's Campus application name: the token URL must carry `?appName=<it>` (false: not required; minimal profile: false). */
  appName?: string | false;
  /** `documented`: /campus/api/ims/oneroster/...; `app-path`: /campus/api/oneroster/v1p2/<app>/ims/oneroster/... */
  urlStyle?: UrlStyle;
  /** `key:secret` that gradebook calls must send in `x-vendor-authorization` (false: not required). */
  vendorAuthorization?: string | false;
  quirks?: QuirkSwitches;
  /** Per-request latency: `faults.latencyMs` (IC answers in ~50 ms). */
  faults?: FaultSwitches;
  /** IC's limit on a client's requests in flight (IC: 5); default unlimited. */
  concurrencyLimit?: ConcurrencyLimitOptions;
  district?: District;
  /** Injectable clock (dateLastModified of SIS mutations, token expiry). */
  now?: () => Date;
}

export const DEFAULT_CLIENT: SimulatorClient = { clientId: 'rp-client', clientSecret: 'rp-secret' };
export const DEFAULT_APP_NAME = 'rostering';
export const DEFAULT_VENDOR_AUTHORIZATION = 'rp-vendor:rp-vendor-secret';
