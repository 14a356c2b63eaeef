import {
  AvroSerde, BatchConsumer, ConsumedRecord, KafkaTestKit, openKafkaTestKit, PIPELINE_SCHEMAS, SchemaCompatibilityError,
  SyncRunEvent, valueSubject, eventually,
} from '../testing-entry';
import { uniqueName } from '@rp/testing';

const schema = PIPELINE_SCHEMAS.syncRun;
const sample: SyncRunEvent = {
  tenant: 'acme', runId: 'run-1', kind: 'full', stage: 'extractor', phase: 'finished',
  at: '2025-03-01T10:00:00.000Z', counts: { 'users.emitted': 1200, 'users.invalid': 2 }, message: null,
};

jest.setTimeout(60_000);

describe('Avro through the schema registry (Apicurio ccompat)', () => {
  let kit: KafkaTestKit;
  beforeAll(async () => (kit = await openKafkaTestKit('avro')));
  afterAll(() => kit.close());

  it('registers <topic>-value with BACKWARD compatibility, and a produced record is consumed back typed', async () => {
    const topic = await kit.topic('sync.runs', schema);
    const registry = kit.services.schemaRegistryUrl;
    // Ask for the subject itself: the registry's /subjects listing is capped on a long-lived registry.
    const versions = await fetch(`${registry}/subjects/${encodeURIComponent(valueSubject(topic.name))}/versions`);
    expect(versions.status).toBe(200);
    expect(((await versions.json()) as number[]).length).toBeGreaterThan(0);
    const config = (await (await fetch(`${registry}/config/${valueSubject(topic.name)}`)).json()) as { compatibilityLevel: string };
    expect(config.compatibilityLevel).toBe('BACKWARD');

    await kit.publisher.publish(topic.name, [{ key: 'acme|run-1', value: sample, tenant: 'acme', syncRun: 'run-1', op: 'upsert' }]);

    const received: ConsumedRecord<SyncRunEvent>[] = [];
    const consumer = new BatchConsumer<SyncRunEvent>({
      kafka: kit.kafka, groupId: uniqueName('avro-reader'), topics: [topic.name], decoder: kit.serde,
      deadLetters: kit.publisher, handler: async (records) => void received.push(...records),
      sessionTimeout: 6000, heartbeatInterval: 500,
    });
    await consumer.start();
    try {
      await eventually(() => received.length === 1, 'the record');
    } finally {
      await consumer.stop();
    }
    const [record] = received;
    expect(record.value).toEqual(sample);
    expect(Object.keys(record.value!).sort()).toEqual(schema.fields.map((f) => f.name).sort());
    expect(record.key).toBe('acme|run-1');
    expect(record.tenant).toBe('acme');
    expect(String(record.headers['sync-run'])).toBe('run-1');
    expect(String(record.headers.op)).toBe('upsert');
    expect(Date.parse(String(record.headers['produced-at']))).not.toBeNaN();
    expect(record.raw.value![0]).toBe(0); // Confluent wire format: magic byte, then the schema id
  });

  it('apps starting together register the same new subjects at once, and every one of them starts', async () => {
    const topics = Array.from({ length: 20 }, (_, i) => uniqueName(`race-${i}`));
    // six processes' worth of serdes (extractor, transformer, loader, gateway, gradebook ×2), no cache shared
    const serdes = Array.from({ length: 6 }, () => new AvroSerde(kit.services.schemaRegistryUrl));
    const ids = await Promise.all(topics.map((topic) => Promise.all(serdes.map((serde) => serde.register(topic, schema)))));
    for (const idsOfTopic of ids) expect(new Set(idsOfTopic).size).toBe(1); // one version per subject, whoever registered it
    for (const topic of topics) {
      const config = (await (await fetch(`${kit.services.schemaRegistryUrl}/config/${valueSubject(topic)}`)).json()) as { compatibilityLevel: string };
      expect(config.compatibilityLevel).toBe('BACKWARD');
    }
  });

  it('rejects a backward-incompatible change and accepts a compatible one', async () => {
    const topic = await kit.topic('compat', schema);
    const withRequired = { ...schema, fields: [...schema.fields, { name: 'school', type: 'string' }] };
    await expect(kit.serde.register(topic.name, withRequired)).rejects.toThrow(SchemaCompatibilityError);

    const withDefault = { ...schema, fields: [...schema.fields, { name: 'school', type: ['null', 'string'], default: null }] };
    const firstId = (await kit.serde.registerTopics([topic])).get(topic.name);
    const nextId = await kit.serde.register(topic.name, withDefault);
    expect(nextId).not.toBe(firstId);
    const versions = (await (await fetch(`${kit.services.schemaRegistryUrl}/subjects/${valueSubject(topic.name)}/versions`)).json()) as number[];
    expect(versions).toHaveLength(2);
  });

  it('refuses to encode a value that does not match the schema', async () => {
    const topic = await kit.topic('invalid', schema);
    await expect(kit.publisher.publish(topic.name, [{ key: 'acme|x', value: { ...sample, kind: 'weekly' }, tenant: 'acme' }]))
      .rejects.toThrow(/does not match its schema/);
  });
});
