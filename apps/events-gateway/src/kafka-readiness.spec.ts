import { KafkaReadiness } from './kafka-readiness';

type Metadata = { topics: { name: string; partitions: { partitionId: number; leader: number }[] }[] };

describe('KafkaReadiness', () => {
  const admin = (metadata: () => Promise<Metadata>) => ({
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    fetchTopicMetadata: jest.fn(metadata) as never,
  });
  const partitions = (...leaders: number[]) => leaders.map((leader, partitionId) => ({ partitionId, leader }));

  it('is ready when every partition of the live-events topic has a leader', async () => {
    await expect(new KafkaReadiness(admin(async () => ({ topics: [{ name: 't', partitions: partitions(1, 1, 1) }] })), 't').check()).resolves.toBeUndefined();
  });

  it.each([
    ['a partition without a leader', async () => ({ topics: [{ name: 't', partitions: partitions(1, -1) }] }), /partitions 1 of t have no leader/],
    ['the broker away', async () => { throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19092'); }, /ECONNREFUSED/],
  ])('is not ready with %s, and says why', async (_name, metadata, reason) => {
    const check = new KafkaReadiness(admin(metadata as () => Promise<Metadata>), 't').check();
    await expect(check).rejects.toThrow(/^Kafka cannot take Live Events: .*; answering 503 until it can$/);
    await expect(check).rejects.toThrow(reason);
  });

  it('connects again after a failure (the broker restarted), and is ready once it answers', async () => {
    let up = false;
    const a = admin(async () => {
      if (!up) throw new Error('Connection error');
      return { topics: [{ name: 't', partitions: partitions(1) }] };
    });
    const readiness = new KafkaReadiness(a, 't');
    await expect(readiness.check()).rejects.toThrow();
    up = true;
    await expect(readiness.check()).resolves.toBeUndefined();
    expect(a.connect).toHaveBeenCalledTimes(2);
  });
});
