/** A topic's dynamic (per-topic) config entries: what `alterConfigs` replaces as a whole. */
export type TopicConfigEntries = { name: string; value: string }[];

/**
 * Settings that make the log cleaner compact a topic now and drop its tombstones at once: segments roll after a
 * second, any dirty share is cleanable, nothing waits for a minimum lag, tombstones are kept for no time.
 */
export const FORCED_COMPACTION: Readonly<Record<string, string>> = {
  'segment.ms': '1000',
  'min.cleanable.dirty.ratio': '0',
  'min.compaction.lag.ms': '0',
  'max.compaction.lag.ms': '1000',
  'delete.retention.ms': '0',
};

/** The topic's own entries with the forced ones laid over (kept: cleanup.policy and every other topic setting). */
export function withForcedCompaction(current: TopicConfigEntries): TopicConfigEntries {
  const merged = new Map(current.map((e) => [e.name, e.value]));
  for (const [name, value] of Object.entries(FORCED_COMPACTION)) merged.set(name, value);
  return [...merged].map(([name, value]) => ({ name, value }));
}
