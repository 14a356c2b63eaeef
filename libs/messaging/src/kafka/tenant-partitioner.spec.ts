import type { PartitionMetadata } from 'kafkajs';
import { murmur2, tenantOfKey, tenantPartition, TenantPartitioner } from '@rp/messaging';

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

const pick = (key: string | null, n = 12, headers?: Record<string, string>) =>
  TenantPartitioner()({ topic: 't', partitionMetadata: partitions(n), message: { key, value: 'v', headers } });

describe('murmur2', () => {
  // Vectors from Apache Kafka's UtilsTest.testMurmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s like the Java client', (input, expected) => {
    expect(murmur2(Buffer.from(input))).toBe(expected);
  });
});

describe('TenantPartitioner', () => {
  it('sends every record of a tenant to the same partition, whatever the rest of the key', () => {
    const keys = ['acme|u1', 'acme|user|u2', 'acme|enrollment|e9', 'acme'];
    const chosen = new Set(keys.map((k) => pick(k)));
    expect(chosen.size).toBe(1);
    expect([...chosen][0]).toBe(tenantPartition('acme', 12));
  });

  it('spreads tenants across partitions', () => {
    const tenants = Array.from({ length: 200 }, (_, i) => `district-${i}`);
    const counts = new Map<number, number>();
    for (const t of tenants) counts.set(pick(`${t}|x`), (counts.get(pick(`${t}|x`)) ?? 0) + 1);
    expect(counts.size).toBe(12);
    expect(Math.max(...counts.values())).toBeLessThan(40); // 200/12 ≈ 17 on average
  });

  it('uses the tenant header for records without a key, then round-robin', () => {
    expect(pick(null, 12, { tenant: 'acme' })).toBe(tenantPartition('acme', 12));
    const partitioner = TenantPartitioner();
    const seen = Array.from({ length: 4 }, () =>
      partitioner({ topic: 't', partitionMetadata: partitions(4), message: { key: null, value: 'v' } }),
    );
    expect(seen.sort()).toEqual([0, 1, 2, 3]);
  });

  it('reads the tenant part of a key', () => {
    expect(tenantOfKey('acme|user|u1')).toBe('acme');
    expect(tenantOfKey('acme')).toBe('acme');
  });
});
