import { ConfigResourceTypes, ConfigSource, type Admin } from '@rp/messaging';
import { consumerGroupOf, type ConsumingApp } from '@rp/runtime';
import type { OpsContext } from '../ops-context';
import { withForcedCompaction, type TopicConfigEntries } from './forced-compaction';
import type { RecordSelector } from './record-match';
import { erasableTopics, erasureMarkerKey, scanTopics, type ErasableTopic, type SelectedRecord } from './topic-scan';

const CONSUMING_APPS: ConsumingApp[] = ['extractor', 'transformer', 'loader', 'gradebook', 'gradebook-writer'];

/** What erasure did on one topic. */
export interface TopicErasure {
  topic: string;
  cleanup: 'compact' | 'delete';
  /** Records that named the person (or belonged to the tenant) when erasure started. */
  found: number;
  /** Keys tombstoned (compacted topics). */
  tombstoned: number;
  /** Records removed from the start of partitions (delete-policy topics). */
  truncated: number;
  /** Records still found when erasure ended (0 unless it timed out or a consumer had not read them yet). */
  remaining: number;
  note?: string;
}

export interface TopicEraseOptions {
  /** How long to wait for the broker to compact and the records to be gone. */
  waitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Erases the selected records from every topic: tombstones their keys on compacted topics and has the broker compact
 * those topics now (temporary topic configs, restored afterwards), truncates delete-policy topics up to the last
 * selected record (never past what a consumer group has not committed), then reads again until nothing is left.
 */
export async function eraseFromTopics(ctx: OpsContext, selector: RecordSelector, options: TopicEraseOptions): Promise<TopicErasure[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const topics = await erasableTopics(ctx);
  const found = await scanTopics(ctx, topics, selector);
  const reports = new Map<string, TopicErasure>();
  for (const t of topics) {
    const n = found.filter((r) => r.topic === t.topic).length;
    if (n > 0) reports.set(t.topic, { topic: t.logical, cleanup: t.cleanup, found: n, tombstoned: 0, truncated: 0, remaining: 0 });
  }
  const compacted = topics.filter((t) => t.cleanup === 'compact' && reports.has(t.topic));
  const deleting = topics.filter((t) => t.cleanup === 'delete' && reports.has(t.topic));
  const admin = ctx.kafka().admin();
  await admin.connect();
  const saved = new Map<string, TopicConfigEntries>();
  try {
    for (const t of compacted) saved.set(t.topic, await forceCompaction(admin, t.topic));
    for (const t of compacted) reports.get(t.topic)!.tombstoned = await tombstone(ctx, selector.tenant, t.topic, found);
    for (const t of deleting) await truncate(ctx, admin, t, found, reports.get(t.topic)!);
    const deadline = Date.now() + options.waitMs;
    let left = await scanTopics(ctx, [...compacted, ...deleting], selector);
    while (left.some((r) => compacted.some((t) => t.topic === r.topic)) && Date.now() < deadline) {
      // a new record rolls the segment holding the tombstones, so the cleaner can compact it (and drop them)
      await rollSegments(ctx, selector.tenant, compacted.filter((t) => left.some((r) => r.topic === t.topic)));
      await sleep(3_000);
      left = await scanTopics(ctx, [...compacted, ...deleting], selector);
    }
    for (const [topic, report] of reports) report.remaining = left.filter((r) => r.topic === topic).length;
  } finally {
    for (const [topic, entries] of saved) await restoreConfigs(admin, topic, entries);
    await admin.disconnect();
  }
  return [...reports.values()];
}

async function topicConfigs(admin: Admin, topic: string): Promise<TopicConfigEntries> {
  const described = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
  return described.resources[0].configEntries
    .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG)
    .map((e) => ({ name: e.configName, value: e.configValue }));
}

/** Lays the forcing configs over the topic's own and returns the originals (alterConfigs replaces them all). */
async function forceCompaction(admin: Admin, topic: string): Promise<TopicConfigEntries> {
  const original = await topicConfigs(admin, topic);
  await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: withForcedCompaction(original) }] });
  return original;
}

async function restoreConfigs(admin: Admin, topic: string, entries: TopicConfigEntries): Promise<void> {
  await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: entries }] });
}

async function tombstone(ctx: OpsContext, tenant: string, topic: string, found: SelectedRecord[]): Promise<number> {
  const keys = [...new Set(found.filter((r) => r.topic === topic && r.key !== null).map((r) => r.key as string))];
  await (await ctx.publisher()).publish(topic, keys.map((key) => ({ key, value: null, tenant, op: 'erase' })));
  return keys.length;
}

/** A tombstone under a key that names no one, on the tenant's partition: it rolls the segment after `segment.ms`. */
async function rollSegments(ctx: OpsContext, tenant: string, topics: ErasableTopic[]): Promise<void> {
  const publisher = await ctx.publisher();
  for (const t of topics) await publisher.publish(t.topic, [{ key: erasureMarkerKey(tenant), value: null, tenant, op: 'erase' }]);
}

/** Deletes records up to the last selected one per partition, bounded by every consuming group's committed offset. */
async function truncate(ctx: OpsContext, admin: Admin, t: ErasableTopic, found: SelectedRecord[], report: TopicErasure): Promise<void> {
  const last = new Map<number, bigint>();
  for (const r of found.filter((f) => f.topic === t.topic)) last.set(r.partition, maxOf(last.get(r.partition), BigInt(r.offset) + 1n));
  const bounds = await committedBounds(ctx, admin, t);
  const lows = new Map((await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, BigInt(o.low)]));
  const held: number[] = [];
  for (const [partition, wanted] of last) {
    const bound = bounds.get(partition);
    const to = bound !== undefined && bound < wanted ? bound : wanted;
    if (to < wanted) held.push(partition);
    const low = lows.get(partition) ?? 0n;
    if (to <= low) continue;
    await admin.deleteTopicRecords({ topic: t.topic, partitions: [{ partition, offset: to.toString() }] });
    report.truncated += Number(to - low);
  }
  if (held.length) report.note = `partition(s) ${held.join(', ')} hold records a consumer has not read yet; run the erasure again once it has`;
}

/** The lowest committed offset per partition over the groups that consume the topic (libs/runtime/src/consumer-groups.contract.json). */
async function committedBounds(ctx: OpsContext, admin: Admin, t: ErasableTopic): Promise<Map<number, bigint>> {
  const bounds = new Map<number, bigint>();
  for (const app of CONSUMING_APPS) {
    const contract = consumerGroupOf(app);
    if (!contract.topics.includes(t.logical)) continue;
    const [committed] = await admin.fetchOffsets({ groupId: ctx.group(contract.groupId), topics: [t.topic] });
    for (const p of committed?.partitions ?? []) {
      const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
      bounds.set(p.partition, bounds.has(p.partition) ? minOf(bounds.get(p.partition)!, at) : at);
    }
  }
  return bounds;
}

const maxOf = (a: bigint | undefined, b: bigint) => (a === undefined || b > a ? b : a);
const minOf = (a: bigint, b: bigint) => (b < a ? b : a);
