import type { DataSource } from 'typeorm';

/** A notification queued for one webhook. `notification` is the JSON the notifier built (see apps/notifier). */
export interface OutboxEntry {
  deliveryId: string;
  notificationKey: string;
  tenant: string;
  webhookId: string;
  kind: string;
  notification: Record<string, unknown>;
  attempts: number;
}

interface OutboxRow {
  delivery_id: string;
  notification_key: string;
  tenant: string;
  webhook_id: string;
  kind: string;
  notification: Record<string, unknown>;
  attempts: number;
}

/**
 * The notifier's outbox: consuming only *stores* deliveries (so a dead webhook never holds up the consumer), a
 * delivery loop sends what is due. The delivery id is the primary key: storing the same delivery twice is a no-op.
 */
export class NotifierOutboxRepository {
  constructor(private readonly dataSource: DataSource, private readonly clock: () => Date = () => new Date()) {}

  /** Stores deliveries not stored before; returns the ids that were new. */
  async enqueue(entries: Omit<OutboxEntry, 'attempts'>[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const now = this.clock();
    const rows = await this.dataSource.query(
      `INSERT INTO notifier_outbox (delivery_id, notification_key, tenant, webhook_id, kind, notification, created_at, next_attempt_at)
       SELECT e.delivery_id, e.notification_key, e.tenant, e.webhook_id, e.kind, e.notification, $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS e(delivery_id text, notification_key text, tenant text, webhook_id text, kind text, notification jsonb)
       ON CONFLICT (delivery_id) DO NOTHING
       RETURNING delivery_id`,
      [JSON.stringify(entries.map((e) => ({
        delivery_id: e.deliveryId, notification_key: e.notificationKey, tenant: e.tenant, webhook_id: e.webhookId, kind: e.kind, notification: e.notification,
      }))), now],
    ) as { delivery_id: string }[];
    return rows.map((r) => r.delivery_id);
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs` (their next attempt moves past the lease, so another replica or a
   * restart does not send them at the same time); the claim counts as an attempt.
   */
  async claimDue(limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    const now = this.clock();
    const rows = await this.dataSource.query(
      `UPDATE notifier_outbox o SET attempts = o.attempts + 1, next_attempt_at = $2
        WHERE o.delivery_id IN (
          SELECT delivery_id FROM notifier_outbox
           WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING o.delivery_id, o.notification_key, o.tenant, o.webhook_id, o.kind, o.notification, o.attempts`,
      [now, new Date(now.getTime() + leaseMs), limit],
    ) as [OutboxRow[], number];
    return rows[0].map((r) => ({
      deliveryId: r.delivery_id, notificationKey: r.notification_key, tenant: r.tenant, webhookId: r.webhook_id, kind: r.kind, notification: r.notification, attempts: r.attempts,
    }));
  }

  async markSent(deliveryId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifier_outbox SET sent_at = $2, last_error = NULL WHERE delivery_id = $1`, [deliveryId, this.clock()]);
  }

  /** Schedules another attempt after `delayMs`, remembering why this one failed. */
  async retryLater(deliveryId: string, delayMs: number, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifier_outbox SET next_attempt_at = $2, last_error = $3 WHERE delivery_id = $1`,
      [deliveryId, new Date(this.clock().getTime() + delayMs), error]);
  }

  /** Stops trying (attempts exhausted, webhook removed, or a permanent refusal); the row stays as the record. */
  async giveUp(deliveryId: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifier_outbox SET gave_up_at = $2, last_error = $3 WHERE delivery_id = $1`, [deliveryId, this.clock(), error]);
  }

  /** Deletes rows created before `before` (sent or given up long ago); returns how many. */
  async purge(before: Date): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM notifier_outbox WHERE created_at < $1 AND (sent_at IS NOT NULL OR gave_up_at IS NOT NULL)`, [before]) as [unknown, number];
    return result[1] ?? 0;
  }
}
