import { EventEmitter } from 'node:events';
import type { Kafka } from 'kafkajs';
import { KafkaJSGroupCoordinatorNotFound } from 'kafkajs';
import { BatchConsumer } from './batch-consumer';

/** The parts of a kafkajs consumer BatchConsumer uses, recording calls and letting a test emit CRASH. */
class FakeConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
  readonly calls: string[] = [];
  connect = async () => void this.calls.push('connect');
  subscribe = async () => void this.calls.push('subscribe');
  run = async () => void this.calls.push('run');
  stop = async () => void this.calls.push('stop');
  disconnect = async () => void this.calls.push('disconnect');
  crash(restart: boolean) {
    this.emit(this.events.CRASH, { payload: { error: new (KafkaJSGroupCoordinatorNotFound as unknown as new (m: string) => Error)('Failed to find group coordinator'), restart } });
  }
}

describe('BatchConsumer after a crash', () => {
  let fake: FakeConsumer;
  let consumer: BatchConsumer<unknown>;

  beforeEach(async () => {
    jest.useFakeTimers();
    fake = new FakeConsumer();
    consumer = new BatchConsumer({
      kafka: { consumer: () => fake } as unknown as Kafka,
      groupId: 'g', topics: ['t'], handler: async () => undefined,
      decoder: { decode: async (b) => b }, deadLetters: { publishRaw: async () => [] },
    });
    await consumer.start();
    fake.calls.length = 0;
  });

  afterEach(() => jest.useRealTimers());

  it('joins again when kafkajs gave up on it (a broker restart), instead of leaving a process that consumes nothing', async () => {
    fake.crash(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(fake.calls).toEqual(['connect', 'subscribe', 'run']);
  });

  it('leaves restarts kafkajs does itself to kafkajs (no second consumer loop)', async () => {
    fake.crash(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.calls).toEqual([]);
  });

  it('keeps trying with growing waits while the broker is still away', async () => {
    fake.connect = async () => {
      fake.calls.push('connect');
      throw new Error('Connection error: connect ECONNREFUSED');
    };
    fake.crash(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(fake.calls).toEqual(['connect']);
    await jest.advanceTimersByTimeAsync(1999);
    expect(fake.calls).toEqual(['connect']);
    await jest.advanceTimersByTimeAsync(1);
    expect(fake.calls).toEqual(['connect', 'connect']);
  });

  it('does not restart after stop()', async () => {
    fake.crash(false);
    await consumer.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.calls).toEqual(['stop', 'disconnect']);
  });
});
