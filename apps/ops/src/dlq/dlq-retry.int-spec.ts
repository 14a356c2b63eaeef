import { BatchConsumer, ConsumedRecord, deadLetterRecord, OneRosterEntityChange, SyncRequest, Topics } from '@rp/messaging';
import { uniqueName } from '@rp/testing';
import { opsKafkaKit } from '../testing/kafka-kit';
import { runOps } from '../testing/ops-process';

jest.setTimeout(180_000);

const kit = opsKafkaKit('ops-dlq');
const { env, topic, kafka, serde, publisher } = kit;

/** Records on a topic right now (sum of partition end offsets; these topics are never compacted in the test). */
async function countOn(t: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A KRaft broker briefly answers 'not the leader' for topics created moments ago.
    for (let attempt = 1; ; attempt++) {
      try {
        return (await admin.fetchTopicOffsets(t)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      } catch (error) {
        if (attempt >= 50 || !/not the leader/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** The transformer's kind of consumer (decode with the registry, poison → DLQ) until `count` records were handled. */
async function consumeLikeTheTransformer(t: string, count: number): Promise<ConsumedRecord<OneRosterEntityChange>[]> {
  const handled: ConsumedRecord<OneRosterEntityChange>[] = [];
  let done!: () => void;
  const enough = new Promise<void>((resolve) => (done = resolve));
  const consumer = new BatchConsumer<OneRosterEntityChange>({
    kafka, groupId: uniqueName('ops-dlq-reader'), topics: [t], decoder: serde, deadLetters: publisher,
    handler: async (records) => {
      handled.push(...records);
      if (handled.length >= count) done();
    },
  });
  await consumer.start();
  await enough;
  await consumer.stop();
  return handled;
}

describe('ops dlq retry on real Avro topics', () => {
  const users = topic(Topics.oneRoster.user);
  const change: OneRosterEntityChange = {
    tenant: 'acme', entityType: 'user', sourcedId: 'u-1', op: 'upsert', syncRun: 'run-4', contentHash: 'h-1',
    dateLastModified: '2026-01-01T00:00:00.000Z', record: JSON.stringify({ sourcedId: 'u-1', status: 'active' }),
  };

  beforeAll(() => kit.setUp());
  afterAll(() => kit.cleanup());

  it('puts a consumer’s dead letter back as Avro the consumer decodes, and re-extracts the extractor’s JSON one instead of publishing it', async () => {
    const avro = await serde.encode(users, change);
    const consumerLetter = deadLetterRecord({
      topic: users, partition: 0, errorClass: 'retriable', attempts: 5, failedAt: new Date(), error: new Error('database unavailable'),
      message: { key: Buffer.from('acme|u-1'), value: avro, offset: '0', timestamp: '0', attributes: 0, headers: { tenant: 'acme', 'sync-run': 'run-4' } },
    });
    // What the extractor dead-letters for an invalid IC record: the record as received (JSON), never on the topic.
    const extractorLetter = {
      key: Buffer.from('acme|u-9'), value: Buffer.from(JSON.stringify({ sourcedId: 'u-9', status: 'active', roles: 'teacher' })),
      headers: {
        tenant: 'acme', 'sync-run': 'run-4', 'dlq-original-topic': users, 'dlq-error': 'tenant acme: user u-9: roles must be an array',
        'dlq-reason': 'tenant acme: user u-9: roles must be an array', 'dlq-error-class': 'permanent', 'dlq-error-name': 'InvalidOneRosterRecord',
        'dlq-entity-type': 'user', 'dlq-sourced-id': 'u-9', 'dlq-failed-at': new Date().toISOString(),
      },
    };
    await publisher.publishRaw(consumerLetter.topic, [consumerLetter.record, extractorLetter]);
    const requestsBefore = await countOn(topic(Topics.syncRequests));

    const dry = await runOps(['dlq', 'retry', 'oneroster.users', '--dry-run', '--json'], env);
    expect(dry.code).toBe(0);
    expect(await countOn(users)).toBe(0);

    const result = await runOps(['dlq', 'retry', 'oneroster.users', '--json'], env);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.retried).toEqual([expect.objectContaining({ to: 'oneroster.users', tenant: 'acme' })]);
    expect(out.resynced).toEqual([expect.objectContaining({ tenant: 'acme', sourcedId: 'u-9' })]);
    expect(out.skipped).toEqual([]);

    // Only the Avro record reached the topic, and the normal consumer decodes it (nothing dead-lettered again).
    expect(await countOn(users)).toBe(1);
    const [back] = await consumeLikeTheTransformer(users, 1);
    expect(back.value).toEqual(change);
    expect(back.key).toBe('acme|u-1');
    expect(await countOn(topic(`${Topics.oneRoster.user}.dlq`))).toBe(2);

    // The invalid IC record is read again by a full sync of its tenant.
    expect(await countOn(topic(Topics.syncRequests))).toBe(requestsBefore + 1);
    const reader = kafka.consumer({ groupId: uniqueName('ops-dlq-requests') });
    const requests: SyncRequest[] = [];
    await reader.connect();
    await reader.subscribe({ topic: topic(Topics.syncRequests), fromBeginning: true });
    await new Promise<void>((resolve) => {
      void reader.run({ eachMessage: async ({ message }) => {
        requests.push(await serde.decode<SyncRequest>(message.value!));
        if (requests.length > requestsBefore) resolve();
      } });
    });
    await reader.disconnect();
    expect(requests.at(-1)).toMatchObject({ tenant: 'acme', kind: 'full', runId: out.resynced[0].runId, requestedBy: expect.stringContaining('dlq retry') });
  });

  it('leaves on the DLQ a dead letter whose key has a newer version on the compacted topic, saying why', async () => {
    const v1 = { ...change, tenant: 'beta', sourcedId: 'u-2', contentHash: 'h-v1' };
    const v2 = { ...change, tenant: 'beta', sourcedId: 'u-2', contentHash: 'h-v2' };
    const [first] = await publisher.publish(users, [{ key: 'beta|u-2', value: v1, tenant: 'beta' }]);
    await publisher.publish(users, [{ key: 'beta|u-2', value: v2, tenant: 'beta' }]); // applied after v1 failed
    const letter = deadLetterRecord({
      topic: users, partition: first.partition, errorClass: 'permanent', attempts: 1, failedAt: new Date(), error: new Error('tenant beta: user u-2: bad'),
      message: { key: Buffer.from('beta|u-2'), value: await serde.encode(users, v1), offset: first.baseOffset!, timestamp: '0', attributes: 0, headers: { tenant: 'beta' } },
    });
    await publisher.publishRaw(letter.topic, [letter.record]);
    const before = await countOn(users);

    const result = await runOps(['dlq', 'retry', 'oneroster.users', '--tenant', 'beta', '--json'], env);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.retried).toEqual([]);
    expect(out.skipped).toEqual([expect.objectContaining({ tenant: 'beta', reason: expect.stringMatching(/^oneroster\.users already has a newer record of beta\|u-2 .* retrying would replace it with this older version/) })]);
    expect(await countOn(users)).toBe(before); // v2 stays the latest version of the key
  });
});
