import { CompressionTypes, Partitioners } from 'kafkajs';
import { intFlag } from '../common/cli-args';
import { nowMs, peakRssMiB, perSecond, round } from '../common/measure';
import type { BenchmarkReport } from '../common/report';
import { benchKafka, benchServices, uniqueBenchName } from '../common/services';
import { measurePublisher, PublisherThroughput } from './publisher-throughput';

export interface ReferenceOptions {
  records: number;
  recordBytes: number;
  batch: number;
  partitions: number;
}

/** Raw kafkajs throughput through the project's broker: the ceiling every pipeline stage is compared with. */
export async function runReference(flags: Record<string, string>): Promise<BenchmarkReport> {
  const options: ReferenceOptions = {
    records: intFlag(flags, 'records', 100_000),
    recordBytes: intFlag(flags, 'record-bytes', 512),
    batch: intFlag(flags, 'batch', 1_000),
    partitions: intFlag(flags, 'partitions', 1),
  };
  const services = benchServices();
  const kafka = benchKafka(services.kafkaBrokers, 'bench-reference');
  const topic = uniqueBenchName('bench.reference');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }] });
  try {
    const produce = await produceAll(kafka, topic, options);
    const consume = await consumeAll(kafka, topic, options.records);
    const publisher = flags.avro === 'false' ? undefined : await measurePublisher(kafka, admin, services.schemaRegistryUrl, options.records, options.recordBytes, options.batch);
    return reportOf(options, produce, consume, publisher);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

interface ProduceResult { ms: number; bytes: number }
interface ConsumeResult { firstToLastMs: number; withJoinMs: number; bytes: number }

/** Same producer settings as @rp/messaging's KafkaPublisher: idempotent, one request in flight, acks=all, no compression. */
async function produceAll(kafka: ReturnType<typeof benchKafka>, topic: string, o: ReferenceOptions): Promise<ProduceResult> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(o.recordBytes, 'x');
  const start = nowMs();
  for (let sent = 0; sent < o.records; sent += o.batch) {
    const n = Math.min(o.batch, o.records - sent);
    const messages = Array.from({ length: n }, (_, i) => ({ key: `bench|${sent + i}`, value }));
    await producer.send({ topic, messages, acks: -1, compression: CompressionTypes.None });
  }
  const ms = nowMs() - start;
  await producer.disconnect();
  return { ms, bytes: o.records * o.recordBytes };
}

async function consumeAll(kafka: ReturnType<typeof benchKafka>, topic: string, expected: number): Promise<ConsumeResult> {
  const consumer = kafka.consumer({ groupId: uniqueBenchName('bench-reference'), maxBytes: 16 * 2 ** 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const start = nowMs();
  let first = 0;
  let count = 0;
  let bytes = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (count === 0) first = nowMs();
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        count += batch.messages.length;
        if (count >= expected) resolve(nowMs());
      },
    });
  });
  const end = await done;
  await consumer.disconnect();
  return { firstToLastMs: end - first, withJoinMs: end - start, bytes };
}

function reportOf(o: ReferenceOptions, produce: ProduceResult, consume: ConsumeResult, publisher?: PublisherThroughput): BenchmarkReport {
  const produceRate = perSecond(o.records, produce.ms);
  const consumeRate = perSecond(o.records, consume.firstToLastMs);
  const consumeWithJoin = perSecond(o.records, consume.withJoinMs);
  const mib = (bytes: number, ms: number) => perSecond(bytes / 2 ** 20, ms);
  return {
    name: 'reference',
    parameters: { ...o },
    results: {
      produce: { ms: round(produce.ms), recordsPerSecond: round(produceRate), mibPerSecond: round(mib(produce.bytes, produce.ms)) },
      consume: {
        firstToLastMs: round(consume.firstToLastMs),
        withGroupJoinMs: round(consume.withJoinMs),
        recordsPerSecond: round(consumeRate),
        recordsPerSecondWithGroupJoin: round(consumeWithJoin),
        mibPerSecond: round(mib(consume.bytes, consume.firstToLastMs)),
      },
      publisher: publisher
        ? { ms: round(publisher.ms), recordsPerSecond: round(perSecond(o.records, publisher.ms)), encodedBytesPerRecord: round(publisher.encodedBytes / o.records), ratioToRawProduce: round(perSecond(o.records, publisher.ms) / produceRate) }
        : null,
      peakRssMiB: round(peakRssMiB()),
    },
    tables: [{
      title: `kafkajs, ${o.records.toLocaleString('en-US')} records × ${o.recordBytes} B, ${o.partitions} partition(s)`,
      columns: ['direction', 'seconds', 'records/s', 'MiB/s'],
      rows: [
        ['produce (batches of ' + o.batch + ', acks=all, idempotent)', round(produce.ms / 1000), produceRate, mib(produce.bytes, produce.ms)],
        ['consume (first → last record)', round(consume.firstToLastMs / 1000), consumeRate, mib(consume.bytes, consume.firstToLastMs)],
        ['consume (including group join)', round(consume.withJoinMs / 1000), consumeWithJoin, mib(consume.bytes, consume.withJoinMs)],
        ...(publisher
          ? [['@rp/messaging KafkaPublisher (Avro OneRosterEntityChange + headers)', round(publisher.ms / 1000), perSecond(o.records, publisher.ms), mib(publisher.encodedBytes, publisher.ms)]]
          : []),
      ],
    }],
    notes: [
      'The first three rows are raw bytes (no Avro): the ceiling. The KafkaPublisher row is the platform\'s real producer path (Avro values of about the same size, standard headers) on its own topic; `--avro false` skips it.',
      'Single partition by default because provisioning topics partition by tenant: one tenant\'s records flow through one partition.',
    ],
  };
}
