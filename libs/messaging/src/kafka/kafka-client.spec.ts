import { Partitioners } from 'kafkajs';
import { createLogger } from '@rp/observability';
import { createKafka } from './kafka-client';

describe('the kafkajs client', () => {
  const logged = (level: 'debug' | 'info') => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: 'test', level, sink: (l) => lines.push(JSON.parse(l)) });
    return { lines, kafka: createKafka({ brokers: ['127.0.0.1:1'], clientId: 'test', logger }) };
  };

  it('prints no warning for the idempotent producer with bounded retries (a deliberate choice, logged at debug with why)', () => {
    const { lines, kafka } = logged('info');
    kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    expect(lines.filter((l) => l.level === 'warn')).toEqual([]);

    const debug = logged('debug');
    debug.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    expect(debug.lines).toContainEqual(
      expect.objectContaining({ level: 'debug', msg: 'Limiting retries for the idempotent producer may invalidate EoS guarantees', expected: expect.stringMatching(/idempotently/) }),
    );
  });

  it('still warns about what kafkajs says otherwise (here: no partitioner chosen)', () => {
    const { lines, kafka } = logged('info');
    kafka.producer();
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', component: 'kafkajs', msg: expect.stringMatching(/default partitioner/) }));
  });
});

describe('kafkajs log lines', () => {
  it('a broker answer kafkajs retries itself (not the leader, right after a topic is created) is not a warning', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: 'test', sink: (l) => lines.push(JSON.parse(l)) });
    const kafka = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'test', logger });
    // kafkajs's own logger, as its Connection uses it
    const kafkajsLogger = (kafka as unknown as { logger(): { namespace(n: string): { error(m: string, e: object): void } } }).logger();
    kafkajsLogger.namespace('Connection').error('Response ListOffsets(key: 2, version: 3)', { error: 'This server is not the leader for that topic-partition' });
    kafkajsLogger.namespace('Connection').error('Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' });
    kafkajsLogger.namespace('Connection').error('Response Produce(key: 0, version: 7)', { error: 'The request included a message larger than the max message size the server will accept' });
    expect(lines.map((l) => [l.level, l.error])).toEqual([['warn', 'The request included a message larger than the max message size the server will accept']]);
  });
});
