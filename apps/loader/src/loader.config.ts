import { env } from '@rp/config';

/** The loader's own settings (validated at start; a bad value stops it with a message naming the variable). */
export const loaderEnv = {
  tickMs: env.int('LOADER_TICK_MS', { min: 10 }).default(1000),
  batchMaxRows: env.int('LOADER_BATCH_MAX_ROWS', { min: 1 }).default(50_000),
  batchMaxWaitMs: env.int('LOADER_BATCH_MAX_WAIT_MS', { min: 0 }).default(5000),
  /** Imports a row may fail in before it is marked failed and no longer sent. */
  maxAttempts: env.int('LOADER_MAX_ATTEMPTS', { min: 1 }).default(3),
  /**
   * Polling a running import: from 0.5 s growing to at most 1 s (issue 17: at 2 → 10 s Canvas sat idle for up to 10 s
   * after each import ended before the loader noticed; one GET a second per tenant is far under Canvas's rate limit).
   */
  pollInitialMs: env.int('LOADER_POLL_INITIAL_MS', { min: 10 }).default(500),
  pollMaxMs: env.int('LOADER_POLL_MAX_MS', { min: 10 }).default(1000),
  /**
   * SIS imports of a tenant's root account the loader keeps in flight (ADR 0171): 2 = the next batch is built and
   * posted while Canvas applies the current one and waits in Canvas's queue behind it (Canvas processes a root
   * account's imports one at a time, CANVAS_IMPORTS_PROCESSED_AT_ONCE); 1 = post only after the previous one ended.
   */
  importsInFlight: env.int('LOADER_IMPORTS_IN_FLIGHT', { min: 1, max: 2 }).default(2),
  tmpDir: env.string('LOADER_TMP_DIR').optional(),
  /** Days a run's history (markers, objects that did not reach Canvas) is kept after its last activity (ADR 0130). */
  runHistoryRetentionDays: env.int('RUN_HISTORY_RETENTION_DAYS', { min: 1 }).default(90),
  /** How often the loader deletes run history past its retention. */
  runHistoryPruneIntervalMs: env.int('RUN_HISTORY_PRUNE_INTERVAL_MS', { min: 1000 }).default(3_600_000),
};

export interface LoaderSettings {
  tickMs: number;
  batchMaxRows: number;
  batchMaxWaitMs: number;
  maxAttempts: number;
  /** At most this many imports of the tenant unfinished at once (1 or 2; see loaderEnv.importsInFlight). */
  importsInFlight?: number;
  tmpDir?: string;
}
