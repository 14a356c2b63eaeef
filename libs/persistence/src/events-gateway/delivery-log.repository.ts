import { GroupCommit } from '@rp/config';
import type { DataSource } from 'typeorm';

interface PendingClaim {
  tenant: string;
  identity: string;
  expiresAt: Date;
}

/**
 * Live Events published per tenant and identity. A claim lives as long as an event can still be accepted (the
 * tenant's maximum token age plus clock tolerance); older rows are purged, since the freshness check refuses their
 * replays anyway.
 *
 * Claims are group-committed: while one INSERT is in flight, the claims arriving meanwhile wait and go together in
 * the next one (one round trip for all the deliveries in flight instead of one each). Replay protection stays exact:
 * the statement is the same conditional upsert per row, and the same event twice in one group is one row whose
 * first claim wins.
 */
export class DeliveryLogRepository {
  private lastPurge = 0;
  private readonly claims = new GroupCommit<PendingClaim, boolean>((group) => this.commitClaims(group));

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: () => Date = () => new Date(),
    private readonly purgeEveryMs = 60_000,
  ) {}

  /** Records `identity` as published for `tenant` until `keepForSeconds` from now; false when it already was. */
  claim(tenant: string, identity: string, keepForSeconds: number): Promise<boolean> {
    const expiresAt = new Date(this.clock().getTime() + keepForSeconds * 1000);
    return this.claims.add({ tenant, identity, expiresAt });
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

  /** One statement for the group; the first claim of an identity in it wins, a repeat answers false. */
  private async commitClaims(group: PendingClaim[]): Promise<boolean[]> {
    const claimed = await this.insert(group);
    const answered = new Set<string>();
    return group.map((c) => {
      const key = JSON.stringify([c.tenant, c.identity]);
      const first = claimed.has(key) && !answered.has(key);
      answered.add(key);
      return first;
    });
  }

  /** The keys (JSON [tenant, identity]) the group claimed. Rows sorted so concurrent gateways lock in one order. */
  private async insert(group: PendingClaim[]): Promise<Set<string>> {
    const now = this.clock();
    await this.purgeIfDue(now);
    const rows = new Map<string, PendingClaim>();
    for (const c of group) {
      const key = JSON.stringify([c.tenant, c.identity]);
      if (!rows.has(key)) rows.set(key, c);
    }
    const unique = [...rows.values()].sort((a, b) => (a.tenant === b.tenant ? (a.identity < b.identity ? -1 : 1) : a.tenant < b.tenant ? -1 : 1));
    const claimed = await this.dataSource.query(
      `INSERT INTO gateway_deliveries (tenant, identity, seen_at, expires_at)
       SELECT t, i, $3::timestamptz, e FROM unnest($1::text[], $2::text[], $4::timestamptz[]) AS r(t, i, e)
       ON CONFLICT (tenant, identity) DO UPDATE SET seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at
         WHERE gateway_deliveries.expires_at < EXCLUDED.seen_at
       RETURNING tenant, identity`,
      [unique.map((c) => c.tenant), unique.map((c) => c.identity), now, unique.map((c) => c.expiresAt)],
    ) as { tenant: string; identity: string }[];
    return new Set(claimed.map((r) => JSON.stringify([r.tenant, r.identity])));
  }

  private async purgeIfDue(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < this.purgeEveryMs) return;
    this.lastPurge = now.getTime();
    await this.purge(now);
  }
}
