import type { DataSource } from 'typeorm';

/** What the notifier knows of a tenant (view `admin.notifier_tenants`): no secret, only dates and settings. */
export interface NotifierTenant {
  id: string;
  status: string;
  /** The schedule's IANA time zone; UTC when none is set. */
  timeZone: string;
  /** Raw notification settings (libs/config resolveNotificationSettings fills the defaults). */
  notifications: Record<string, unknown>;
  /** Expiry dates as stored (ISO 8601), or null when unknown. */
  icSecretExpiresAt: string | null;
  canvasTokenExpiresAt: string | null;
}

interface Row {
  id: string;
  status: string;
  time_zone: string | null;
  notification_settings: Record<string, unknown> | null;
  ic_secret_expires_at: string | null;
  canvas_token_expires_at: string | null;
}

/** Reads `notifier_tenants` (the notifier's DB role may read that view and the webhooks, not `tenants`). */
export class NotifierTenantsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Every tenant, or the given ones, ordered by id. */
  async list(ids?: string[]): Promise<NotifierTenant[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM notifier_tenants ${ids ? 'WHERE id = ANY($1)' : ''} ORDER BY id`, ids ? [ids] : [],
    ) as Row[];
    return rows.map((r) => ({
      id: r.id, status: r.status, timeZone: r.time_zone || 'UTC', notifications: r.notification_settings ?? {},
      icSecretExpiresAt: r.ic_secret_expires_at, canvasTokenExpiresAt: r.canvas_token_expires_at,
    }));
  }
}
