import { env } from '@rp/config';
import type { CommonConfig, ConfigOf } from '@rp/config';

/** The gradebook's own settings (validated once at start). */
export const gradebookEnv = {
  /** `processor` turns Live Events into writes (and reconciles); `writer` performs the IC writes. */
  role: env.oneOf('GRADEBOOK_ROLE', ['processor', 'writer'] as const).default('processor'),
  /** How often the processor reconciles every tenant against Canvas; 0 turns it off. */
  reconcileIntervalMs: env.int('GRADEBOOK_RECONCILE_INTERVAL_MS', { min: 0 }).default(10 * 60_000),
  /** How far back a tenant's first reconciliation reads. */
  reconcileLookbackMs: env.int('GRADEBOOK_RECONCILE_LOOKBACK_MS', { min: 0 }).default(7 * 86_400_000),
  /** Concurrent IC requests per tenant (IC allows about 5), shared by both roles: the processor gets a fifth, the writer the rest. */
  writerConcurrency: env.int('GRADEBOOK_WRITER_CONCURRENCY', { min: 1, max: 50 }).default(5),
  /** Courses the processor works on at once (consumer slices per course, and courses within one slice; each course's events stay in order). */
  processorConcurrency: env.int('GRADEBOOK_PROCESSOR_CONCURRENCY', { min: 1, max: 64 }).default(8),
  /** Rebuild the processor's kept SIS roster from the compacted canvas.* topics before consuming (ADR 0091). */
  rebuildRosterAtStart: env.bool('GRADEBOOK_REBUILD_ROSTER_AT_START').default(true),
  /** How long Canvas course facts, IC class contexts and tenant settings are cached. */
  cacheTtlMs: env.int('GRADEBOOK_CACHE_TTL_MS', { min: 0 }).default(60_000),
};

export type GradebookConfig = CommonConfig & ConfigOf<typeof gradebookEnv>;
