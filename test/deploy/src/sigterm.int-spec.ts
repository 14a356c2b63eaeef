import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssignerProtocol, type Admin, type Kafka } from 'kafkajs';
import { parse } from 'yaml';
import {
  AvroSerde,
  canvasKey,
  canvasTopic,
  CanvasEntityChange,
  createKafka,
  isTransientKafkaError,
  KafkaPublisher,
  oneRosterKey,
  oneRosterTopic,
  OneRosterEntityChange,
} from '@rp/messaging';
import { consumerGroupOf, ConsumingApp } from '@rp/runtime';
import { testServices, uniqueName } from '@rp/testing';
import { buildAppsInto, BuiltAppProcess, eventually, Exit, freePort, removeBuild, repoRoot } from './built-apps';

// Acceptance: "a SIGTERM to any app leaves its group cleanly and commits". Each consuming app runs from the
// production build (node dist/apps/<app>/main.js) against the real Kafka, registry and PostgreSQL.
const TENANT = 'sigterm-district';

interface Case {
  label: ConsumingApp;
  app: string;
  env: Record<string, string>;
  /** Publishes a few records the app consumes (then the test waits until they are processed). */
  feed?: (publisher: KafkaPublisher, topic: (name: string) => string) => Promise<string>;
}

const orgs = async (publisher: KafkaPublisher, topic: (name: string) => string) => {
  const name = topic(oneRosterTopic('org'));
  const values: OneRosterEntityChange[] = ['org-1', 'org-2', 'org-3'].map((sourcedId) => ({
    tenant: TENANT,
    entityType: 'org',
    sourcedId,
    op: 'upsert',
    syncRun: 'sigterm-run',
    contentHash: `hash-${sourcedId}`,
    dateLastModified: '2026-08-01T00:00:00.000Z',
    record: JSON.stringify({ sourcedId, status: 'active', name: `School ${sourcedId}`, type: 'school', dateLastModified: '2026-08-01T00:00:00.000Z' }),
  }));
  await publisher.publish(name, values.map((value) => ({ key: oneRosterKey(TENANT, value.sourcedId), value, tenant: TENANT, syncRun: value.syncRun })));
  return name;
};

const users = async (publisher: KafkaPublisher, topic: (name: string) => string) => {
  const name = topic(canvasTopic('user'));
  const values: CanvasEntityChange[] = ['u1', 'u2', 'u3'].map((sisId) => ({
    tenant: TENANT,
    canvasType: 'user',
    sisId,
    op: 'upsert',
    syncRun: 'sigterm-run',
    contentHash: `hash-${sisId}`,
    school: null,
    row: { user_id: sisId, login_id: sisId, full_name: `User ${sisId}`, status: 'active' },
    sources: [],
  }));
  await publisher.publish(name, values.map((value) => ({ key: canvasKey(TENANT, 'user', value.sisId), value, tenant: TENANT })));
  return name;
};

const CASES: Case[] = [
  { label: 'extractor', app: 'extractor', env: { EXTRACTOR_SCHEDULE: 'off' } },
  { label: 'transformer', app: 'transformer', env: {}, feed: orgs },
  { label: 'loader', app: 'loader', env: { LOADER_TICK_MS: '300' }, feed: users },
  { label: 'gradebook', app: 'gradebook', env: { GRADEBOOK_RECONCILE_INTERVAL_MS: '0' } },
  { label: 'gradebook-writer', app: 'gradebook', env: { GRADEBOOK_ROLE: 'writer' } },
];

/** The grace period the Helm chart gives the app's pod (apps.<name> over appDefaults). */
function graceSeconds(label: string): number {
  const values = parse(readFileSync(join(repoRoot, 'helm/values.yaml'), 'utf8'));
  return values.apps?.[label]?.terminationGracePeriodSeconds ?? values.appDefaults.terminationGracePeriodSeconds;
}

/**
 * The app has just created its prefixed topics: for a moment the broker may still answer "not the leader for that
 * topic-partition" (a retriable Kafka error) while leadership settles. Retry those only; anything else fails the test.
 */
async function retryingLeadership<T>(read: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts || !isTransientKafkaError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** Partitions whose committed offset is behind the end of the log, as "topic/partition committed<end". */
async function lagging(admin: Admin, groupId: string, topic: string): Promise<string[]> {
  const [ends, [committed]] = await retryingLeadership(() => Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]));
  return ends
    .map((end) => ({ end, done: committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1' }))
    .filter(({ end, done }) => end.high !== '0' && done !== end.high)
    .map(({ end, done }) => `${topic}/${end.partition} ${done}<${end.high}`);
}

describe('SIGTERM: every consuming app subscribes its contract topics, leaves its group cleanly and commits', () => {
  const services = testServices();
  const topicPrefix = `${uniqueName('sigterm')}.`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    KAFKA_BROKERS: services.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
    DATABASE_URL: services.databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA_PREFIX: `${uniqueName('sigterm').replace(/[^a-z0-9]/g, '_')}_`,
    LOG_LEVEL: 'info',
  };
  const topic = (name: string) => `${topicPrefix}${name}`;
  let outDir: string;
  let kafka: Kafka;
  let admin: Admin;
  let publisher: KafkaPublisher | undefined;
  const running: BuiltAppProcess[] = [];

  beforeAll(async () => {
    outDir = buildAppsInto('sigterm-build');
    kafka = createKafka({ brokers: services.kafkaBrokers, clientId: 'sigterm-int-spec' });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const app of running) await app.kill();
    await publisher?.disconnect();
    await admin?.disconnect();
    if (outDir) removeBuild(outDir);
  });

  // One after the other: the first app creates the prefixed topics and registers their schemas.
  it.each(CASES.map((c) => [c.label, c] as const))('%s', async (label, c) => {
    const { groupId: baseGroup, topics } = consumerGroupOf(label);
    const groupId = `${topicPrefix}${baseGroup}`;
    const app = new BuiltAppProcess(outDir, c.app, await freePort(), { ...env, ...c.env }, label);
    running.push(app);
    await app.start();
    await eventually(`${groupId} Stable with a member`, async () => {
      const [group] = (await admin.describeGroups([groupId])).groups;
      return group.state === 'Stable' && group.members.length > 0;
    }, 60_000, () => app.tail());
    // The app really subscribes what the contract (and so the chart's KEDA triggers) declares, no more, no less.
    // Read while the group is Stable: during a rebalance a member's metadata can be empty (nothing to decode).
    const subscribed = await eventually(`${groupId} member subscriptions`, async () => {
      const [joined] = (await admin.describeGroups([groupId])).groups;
      if (joined.state !== 'Stable' || joined.members.length === 0 || joined.members.some((m) => m.memberMetadata.length === 0)) return false;
      return new Set(joined.members.flatMap((m) => AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? []));
    }, 30_000, () => app.tail());
    expect([...subscribed].sort()).toEqual(topics.map(topic).sort());

    const fed: string[] = [];
    if (c.feed) {
      if (!publisher) {
        publisher = new KafkaPublisher(kafka, new AvroSerde(services.schemaRegistryUrl));
        await publisher.connect();
      }
      fed.push(await c.feed(publisher, topic));
      for (const t of fed) await eventually(`${label} to process and commit ${t}`, async () => (await lagging(admin, groupId, t)).length === 0, 60_000, () => app.tail());
    }

    const exit: Exit | undefined = await app.signal('SIGTERM', graceSeconds(label) * 1000);
    // Read at once: a member that vanished without LeaveGroup stays listed until its 30 s session times out.
    const [group] = (await admin.describeGroups([groupId])).groups;
    const behind = (await Promise.all(topics.map((t) => lagging(admin, groupId, topic(t))))).flat();

    expect({ exit: exit ?? `still running after the ${graceSeconds(label)} s grace period`, state: group.state, members: group.members.map((m) => m.clientId), behind }).toEqual({
      exit: { code: 0, signal: null },
      state: 'Empty',
      members: [],
      behind: [],
    });
    if (c.feed) expect(fed.length).toBeGreaterThan(0);
  }, 300_000);
});
