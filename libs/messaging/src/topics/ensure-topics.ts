import { Admin, ConfigResourceTypes } from 'kafkajs';
import { topicConfigs, TopicDefinition, withDeadLetterTopics } from './topic-catalogue';

/** A difference between a topic's definition and the broker; reported, never "fixed" (partition changes re-shuffle tenants). */
export interface TopicDrift {
  topic: string;
  setting: string;
  expected: string;
  actual: string | undefined;
}

export interface EnsureTopicsResult {
  created: string[];
  drift: TopicDrift[];
}

/** Creates the missing topics (and their DLQ twins) with their configs; reports drift of existing ones. Idempotent. */
export async function ensureTopics(
  admin: Admin,
  defs: TopicDefinition[],
  options: { replicationFactor?: number } = {},
): Promise<EnsureTopicsResult> {
  const all = withDeadLetterTopics(defs);
  const existing = new Set(await admin.listTopics());
  const missing = all.filter((d) => !existing.has(d.name));
  if (missing.length > 0) {
    await admin.createTopics({
      // kafkajs's own wait retries only LEADER_NOT_AVAILABLE; a KRaft broker briefly answers "does not host this
      // topic-partition" for a new topic too, so we wait for the leaders ourselves.
      waitForLeaders: false,
      topics: missing.map((d) => ({
        topic: d.name,
        numPartitions: d.partitions,
        replicationFactor: options.replicationFactor ?? 1,
        configEntries: Object.entries(topicConfigs(d)).map(([name, value]) => ({ name, value })),
      })),
    });
    await waitForLeaders(admin, missing.map((d) => d.name));
  }
  const present = all.filter((d) => existing.has(d.name));
  return { created: missing.map((d) => d.name), drift: await findDrift(admin, present) };
}

/** Resolves once every topic's partitions have a leader; transient metadata errors are asked again (≤ 30 s). */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.slice(0, 3).join(', ')}… have no leader after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await untilLeadersServe(admin, topics, deadline);
}

/**
 * The metadata naming a leader is not enough: on a busy KRaft broker the leader may still answer "not the leader for
 * that topic-partition" for a moment, and a first produce then fails. Reading each topic's offsets from its leader
 * (ListOffsets) waits that moment out. Best effort: past the deadline the clients' own retries take over.
 */
async function untilLeadersServe(admin: Admin, topics: string[], deadline: number): Promise<void> {
  for (const topic of topics) {
    while (Date.now() < deadline) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

async function findDrift(admin: Admin, defs: TopicDefinition[]): Promise<TopicDrift[]> {
  if (defs.length === 0) return [];
  const drift: TopicDrift[] = [];
  const metadata = await admin.fetchTopicMetadata({ topics: defs.map((d) => d.name) });
  const partitionCount = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: defs.map((d) => ({
      type: ConfigResourceTypes.TOPIC,
      name: d.name,
      configNames: Object.keys(topicConfigs(d)),
    })),
  });
  const actualConfigs = new Map(
    described.resources.map((r) => [r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue]))]),
  );
  for (const def of defs) {
    const partitions = partitionCount.get(def.name);
    if (partitions !== def.partitions) {
      drift.push({ topic: def.name, setting: 'partitions', expected: String(def.partitions), actual: partitions?.toString() });
    }
    for (const [setting, expected] of Object.entries(topicConfigs(def))) {
      const actual = actualConfigs.get(def.name)?.get(setting);
      if (actual !== expected) drift.push({ topic: def.name, setting, expected, actual });
    }
  }
  return drift;
}
