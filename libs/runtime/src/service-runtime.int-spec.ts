import { randomBytes } from 'node:crypto';
import { createKafka } from '@rp/messaging';
import { testServices, uniqueName } from '@rp/testing';
import { startServiceRuntime, ServiceRuntime } from './service-runtime';

describe('ServiceRuntime against the real services', () => {
  const services = testServices();
  const prefix = `${uniqueName('rt')}.`;
  let runtime: ServiceRuntime;
  let topicsBefore: string[] = [];

  beforeAll(async () => {
    const probe = createKafka({ brokers: services.kafkaBrokers, clientId: 'rt-probe' }).admin();
    await probe.connect();
    topicsBefore = await probe.listTopics();
    await probe.disconnect();
    runtime = await startServiceRuntime({
      serviceName: 'runtime-test',
      defaultHttpPort: 0,
      env: {
        KAFKA_BROKERS: services.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
        DATABASE_URL: services.databaseUrl,
        SECRETS_KEY: randomBytes(32).toString('base64'),
        TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      },
    });
  }, 60_000);

  afterAll(async () => {
    if (!runtime) return;
    const admin = runtime.kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await runtime.close();
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates every platform topic and its DLQ under the environment prefix only', async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    expect(topics).toEqual(expect.arrayContaining([`${prefix}oneroster.users`, `${prefix}oneroster.users.dlq`, `${prefix}canvas.enrollments`, `${prefix}sync.runs`]));
    const created = topics.filter((t) => !topicsBefore.includes(t));
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((t) => !t.startsWith(prefix))).toEqual([]);
  });

  it('refuses to start with a bad setting and names every problem', async () => {
    await expect(
      startServiceRuntime({ serviceName: 'bad', defaultHttpPort: 0, env: { KAFKA_BROKERS: '', SECRETS_KEY: 'short' } }),
    ).rejects.toThrow(/SCHEMA_REGISTRY_URL[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*SCHEMA_REGISTRY_URL/);
  });

  it('shuts down idempotently', async () => {
    const second = await startServiceRuntime({
      serviceName: 'runtime-test-2', defaultHttpPort: 0, ensureTopics: false,
      env: {
        KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
        DATABASE_URL: services.databaseUrl, SECRETS_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn',
      },
    });
    await Promise.all([second.close(), second.close()]);
    await expect(second.close()).resolves.toBeUndefined();
  });
});

describe('ServiceRuntime readiness', () => {
  it('is not ready until its consumers have started', async () => {
    const services = testServices();
    const runtime = await startServiceRuntime({
      serviceName: 'runtime-ready', defaultHttpPort: 0, ensureTopics: false,
      env: {
        KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
        DATABASE_URL: services.databaseUrl, SECRETS_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn',
      },
    });
    try {
      expect((await runtime.health.readiness()).ready).toBe(false);
      await runtime.startConsumers();
      expect((await runtime.health.readiness()).ready).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});
