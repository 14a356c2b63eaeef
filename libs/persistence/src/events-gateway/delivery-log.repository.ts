import type { DataSource } from 'typeorm';

/**
 * Live Events published per tenant and identity. A claim lives as long as an event can still be accepted (the
 * tenant's maximum token age plus clock tolerance); older rows are purged, since the freshness check refuses their
 * replays anyway.
 */
export class DeliveryLogRepository {
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: () => Date = () => new Date(),
    private readonly purgeEveryMs = 60_000,
  ) {}

  /** Records `identity` as published for `tenant` until `keepForSeconds` from now; false when it already was. */
  async claim(tenant: string, identity: string, keepForSeconds: number): Promise<boolean> {
    const now = this.clock();
    await this.purgeIfDue(now);
    const rows = await this.dataSource.query(
      `INSERT INTO gateway_deliveries (tenant, identity, seen_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant, identity) DO UPDATE SET seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at
         WHERE gateway_deliveries.expires_at < EXCLUDED.seen_at
       RETURNING identity`,
      [tenant, identity, now, new Date(now.getTime() + keepForSeconds * 1000)],
    ) as unknown[];
    return rows.length === 1;
  }

  /** Forgets a claim (its publish failed, so the sender's retry must go through). */
  async release(tenant: string, identity: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway_deliveries WHERE tenant = $1 AND identity = $2`, [tenant, identity]);
  }

  /** Deletes expired claims; returns how many. */
  async purge(now = this.clock()): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM gateway_deliveries WHERE expires_at < $1`, [now]) as [unknown, number];
    return result[1] ?? 0;
  }

  private async purgeIfDue(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < this.purgeEveryMs) return;
    this.lastPurge = now.getTime();
    await this.purge(now);
  }
}
