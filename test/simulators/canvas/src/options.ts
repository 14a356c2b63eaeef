import type { Clock } from './clock';
import type { LiveEventClaims } from './live-events/sign';

/** One Canvas root account (= one district's Canvas instance, isolated from the others). */
export interface RootAccountConfig {
  /** Stable key used by the admin API and logs, e.g. the tenant name. */
  key: string;
  /** Bearer tokens that authenticate as an admin of this root account. */
  tokens: string[];
  /** Tokens of an admin without the "SIS Data - import" permission: SIS import routes answer 401 (docs/canvas.md §4.4). */
  tokensWithoutSisImport?: string[];
  /** A token's `expires_at` (ISO 8601) as `GET /api/v1/users/self/tokens/<token_hint>` answers it; absent: null (never expires). */
  tokenExpiresAt?: Record<string, string>;
  name?: string;
  /** Shard number used to build global ids in Live Events (shard × 10^13 + local id). */
  shard?: number;
  /** Live Events webhook for this account; falls back to `liveEvents.webhookUrl`. */
  webhookUrl?: string;
  /** The subscription's "Sign Payload" (default true): off, the POST body is the plain event JSON. */
  signPayload?: boolean;
  sisImportsEnabled?: boolean;
}

export interface ThrottleOptions {
  /** High-water mark: requests are refused while the bucket holds at least this much. */
  hwm: number;
  /** Upper bound of the bucket. */
  maximum: number;
  /** Leak rate per second. */
  outflowPerSecond: number;
  /** Cost held while a request is in flight (parallelism penalty). */
  upFrontCost: number;
  /** Cost charged per completed request (Canvas measures CPU + DB time; here it is fixed). */
  requestCost: number;
}

export interface ImportSpeed {
  /** Rows applied between two progress updates. */
  rowsPerStep: number;
  /** Pause between two steps, in ms (0 = yield only). */
  stepDelayMs: number;
}

export interface CanvasSimulatorOptions {
  host?: string;
  port?: number;
  rootAccounts?: RootAccountConfig[];
  /**
   * `concurrency`: deliveries in flight at once (default 1: strictly one after another, in emission order).
   * `claims`: `iss`, `aud`, `exp` of the signed tokens (default none: `iat` and `jti` only).
   */
  liveEvents?: { webhookUrl?: string; concurrency?: number; claims?: LiveEventClaims };
  /**
   * Time every API request takes before it is answered, in ms (default 0; a hosted Canvas takes ~150–250 ms). The
   * throttle's up-front cost is held meanwhile, so parallel slow requests drain the bucket as they do on Canvas.
   */
  latencyMs?: number;
  /** `false` disables throttling. Defaults are Canvas's open-source values. */
  throttle?: Partial<ThrottleOptions> | false;
  importSpeed?: Partial<ImportSpeed>;
  /**
   * `false` forgets an import's upload, CSV rows and rollback entries once it ends, keeping its counts, messages and
   * file names: for benchmarks of millions of rows, where keeping every CSV would exhaust memory. Such an import cannot
   * be restored, and the admin API lists its files without rows. Default `true` (tests inspect the rows sent).
   */
  retainImportContent?: boolean;
  clock?: Clock;
  /** Public base URL used in Link headers and Live Events (defaults to the listening address). */
  publicBaseUrl?: string;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  hwm: 600,
  maximum: 800,
  outflowPerSecond: 10,
  upFrontCost: 50,
  requestCost: 1,
};

export const DEFAULT_IMPORT_SPEED: ImportSpeed = { rowsPerStep: 50, stepDelayMs: 0 };

export const DEFAULT_ROOT_ACCOUNTS: RootAccountConfig[] = [
  { key: 'district-a', tokens: ['token-district-a'], name: 'District A', shard: 2107 },
];
