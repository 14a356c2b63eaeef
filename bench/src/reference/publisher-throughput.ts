import type { Admin, Kafka } from 'kafkajs';
import { KafkaPublisher, OneRosterEntityChange, PIPELINE_SCHEMAS } from '@rp/messaging';
import { nowMs } from '../common/measure';
import { benchSerde, uniqueBenchName } from '../common/services';

export interface PublisherThroughput {
  ms: number;
  encodedBytes: number;
}

/** A OneRosterEntityChange whose `record` JSON is padded so the Avro value is about `bytes` long. */
export function entityChangeOfSize(i: number, bytes: number): OneRosterEntityChange {
  const base: OneRosterEntityChange = {
    tenant: 'bench', entityType: 'user', sourcedId: `u-${i}`, op: 'upsert', syncRun: 'bench-run',
    contentHash: 'f'.repeat(64), dateLastModified: '2026-08-01T00:00:00.000Z', record: '',
  };
  const overhead = 130; // the other fields and Avro framing, roughly
  base.record = JSON.stringify({ sourcedId: base.sourcedId, pad: 'x'.repeat(Math.max(0, bytes - overhead - 30)) });
  return base;
}

/**
 * The platform's own producer path on the same broker: `KafkaPublisher` (Avro via the schema registry, standard
 * headers, tenant partitioner), in batches. Shows what Avro + headers cost on top of raw kafkajs.
 */
export async function measurePublisher(kafka: Kafka, admin: Admin, registryUrl: string, records: number, recordBytes: number, batch: number): Promise<PublisherThroughput> {
  const topic = uniqueBenchName('bench.reference-avro');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  const serde = benchSerde(registryUrl);
  const publisher = new KafkaPublisher(kafka, serde);
  try {
    await serde.register(topic, PIPELINE_SCHEMAS.oneRosterEntityChange);
    await publisher.connect();
    let encodedBytes = 0;
    const start = nowMs();
    for (let sent = 0; sent < records; sent += batch) {
      const n = Math.min(batch, records - sent);
      const values = Array.from({ length: n }, (_, k) => entityChangeOfSize(sent + k, recordBytes));
      const metadata = await publisher.publish(topic, values.map((value) => ({ key: `bench|${value.sourcedId}`, value, tenant: 'bench', syncRun: 'bench-run', op: 'upsert' })));
      if (metadata.length === 0) throw new Error('the publisher acknowledged nothing');
    }
    const ms = nowMs() - start;
    encodedBytes = (await serde.encode(topic, entityChangeOfSize(0, recordBytes))).length * records;
    return { ms, encodedBytes };
  } finally {
    await publisher.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await fetch(`${registryUrl.replace(/\/+$/, '')}/subjects/${encodeURIComponent(`${topic}-value`)}`, { method: 'DELETE' }).catch(() => undefined);
  }
}
