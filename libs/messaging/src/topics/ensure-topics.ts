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
      waitForLeaders: true,
      topics: missing.map((d) => ({
        topic: d.name,
        numPartitions: d.partitions,
        replicationFactor: options.replicationFactor ?? 1,
        configEntries: Object.entries(topicConfigs(d)).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = all.filter((d) => existing.has(d.name));
  return { created: missing.map((d) => d.name), drift: await findDrift(admin, present) };
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
