/** Canvas shards ids: global = shard × 10^13 + local (doc §6.2). */
const SHARD_FACTOR = 10_000_000_000_000n;

/**
 * Converts a Live Events id (string, maybe global like "21070000000000565") to the local id REST uses
 * (565). Local ids pass unchanged; non-numeric values give undefined.
 */
export function toLocalId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value >= 0 ? Number(BigInt(value) % SHARD_FACTOR) : value;
  if (typeof value !== 'string' || !/^-?\d{1,20}$/.test(value.trim())) return undefined;
  const id = BigInt(value.trim());
  return id < 0n ? Number(id) : Number(id % SHARD_FACTOR);
}

/** The shard part of a global id (0 for a local id). */
export function shardOf(value: string): number {
  return /^\d+$/.test(value) ? Number(BigInt(value) / SHARD_FACTOR) : 0;
}
