import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';
import { murmur2, toPositive } from './murmur2';

/** The tenant part of a `tenant|...` key (the whole key when it has no `|`). */
export function tenantOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar === -1 ? key : key.slice(0, bar);
}

/** The partition a tenant's records go to among `count` partitions (Kafka murmur2 of the tenant id). */
export function tenantPartition(tenant: string, count: number): number {
  return toPositive(murmur2(Buffer.from(tenant, 'utf8'))) % count;
}

function headerText(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : first.toString();
}

/**
 * kafkajs partitioner hashing only the tenant part of the key, so one tenant's records share a partition and keep
 * their order (DESIGN.md §3). Records without a key fall back to their `tenant` header, then to round-robin.
 */
export const TenantPartitioner: ICustomPartitioner = () => {
  let counter = 0;
  return ({ partitionMetadata, message }: PartitionerArgs): number => {
    const count = partitionMetadata.length;
    const key = message.key === null || message.key === undefined ? undefined : message.key.toString();
    const tenant = key !== undefined ? tenantOfKey(key) : headerText(message.headers?.tenant);
    if (tenant !== undefined) return partitionMetadata[tenantPartition(tenant, count)]?.partitionId ?? 0;
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    const pool = available.length > 0 ? available : partitionMetadata;
    return pool[counter++ % pool.length].partitionId;
  };
};
