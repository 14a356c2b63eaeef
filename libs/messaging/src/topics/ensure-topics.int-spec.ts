import { uniqueName } from '@rp/testing';
import { ensureTopics, openKafkaTestKit, KafkaTestKit, platformTopics, TopicDefinition } from '../testing-entry';

jest.setTimeout(60_000);

describe('Kafka admin against the running broker', () => {
  let kit: KafkaTestKit;
  beforeAll(async () => (kit = await openKafkaTestKit('admin')));
  afterAll(() => kit.close());

  it('reports the cluster: id, controller and brokers', async () => {
    const cluster = await kit.admin.describeCluster();
    expect(cluster.clusterId).toMatch(/^[\w-]{10,}$/);
    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
    expect(cluster.brokers.map((b) => b.nodeId)).toContain(cluster.controller);
    expect(cluster.brokers.map((b) => `${b.host}:${b.port}`)).toContain(kit.services.kafkaBrokers[0]);
  });

  it('creates missing topics with their configs and DLQ twins, idempotently, and reports drift', async () => {
    const name = uniqueName('roster.users');
    const defs: TopicDefinition[] = [{ name, partitions: 3, cleanup: 'compact' }];
    try {
      expect(await ensureTopics(kit.admin, defs)).toEqual({ created: [name, `${name}.dlq`], drift: [] });
      expect(await ensureTopics(kit.admin, defs)).toEqual({ created: [], drift: [] });

      const configs = await kit.admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name, configNames: ['cleanup.policy'] }, { type: 2, name: `${name}.dlq`, configNames: ['cleanup.policy', 'retention.ms'] }],
      });
      const values = configs.resources.map((r) => Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])));
      expect(values).toEqual([{ 'cleanup.policy': 'compact' }, { 'cleanup.policy': 'delete', 'retention.ms': String(14 * 86_400_000) }]);

      const changed: TopicDefinition[] = [{ name, partitions: 6, cleanup: 'delete', retentionMs: 1000 }];
      const { drift } = await ensureTopics(kit.admin, changed);
      expect(drift).toEqual([
        { topic: name, setting: 'partitions', expected: '6', actual: '3' },
        { topic: name, setting: 'cleanup.policy', expected: 'delete', actual: 'compact' },
        { topic: name, setting: 'retention.ms', expected: '1000', actual: '604800000' },
        { topic: `${name}.dlq`, setting: 'partitions', expected: '6', actual: '3' },
      ]);
    } finally {
      await kit.admin.deleteTopics({ topics: [name, `${name}.dlq`] });
    }
  });

  it('knows the DESIGN.md topics, each with a DLQ twin', () => {
    const names = platformTopics({ partitions: 3 }).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining([
      'oneroster.orgs', 'oneroster.academic-sessions', 'oneroster.enrollments', 'canvas.accounts', 'canvas.live-events',
      'oneroster.gradebook-writes', 'sync.requests', 'sync.runs', 'canvas.load-results',
    ]));
  });
});
