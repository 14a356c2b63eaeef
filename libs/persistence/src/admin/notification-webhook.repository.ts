import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SecretKeyring } from '@rp/config';

/** A webhook as people see it: where (scheme and host only; the path of a Slack URL is its secret), what and how. */
export interface WebhookSummary {
  id: string;
  tenant: string;
  host: string;
  format: string;
  events: string[];
  createdAt: Date;
}

/** A webhook with its URL and signing secret decrypted, for the notifier only. Never log it. */
export interface WebhookTarget extends WebhookSummary {
  url: string;
  secret: string;
}

export interface NewWebhook {
  tenant: string;
  url: string;
  /** Shown part of the URL (`https://hooks.slack.com`), checked and derived by the caller. */
  host: string;
  secret: string;
  format: string;
  events: string[];
}

interface WebhookRow {
  id: string;
  tenant: string;
  host: string;
  url_encrypted: string;
  secret_encrypted: string;
  format: string;
  events: string[];
  created_at: Date;
}

/**
 * Notification webhooks per tenant (admin store, managed by `ops notifications`). URL and secret are sealed with the
 * secrets keyring, bound to the webhook id and field, like the tenants' secrets.
 */
export class NotificationWebhookRepository {
  private readonly keyring: SecretKeyring;

  constructor(
    private readonly dataSource: DataSource,
    secretsKey: SecretKeyring | Buffer | readonly Buffer[],
    private readonly newId: () => string = () => `wh-${randomBytes(6).toString('hex')}`,
  ) {
    this.keyring = SecretKeyring.of(secretsKey);
  }

  /** Stores a webhook; returns it as shown to people. */
  async add(input: NewWebhook): Promise<WebhookSummary> {
    const id = this.newId();
    const rows = await this.dataSource.query(
      `INSERT INTO notification_webhooks (id, tenant, host, url_encrypted, secret_encrypted, format, events)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [id, input.tenant, input.host, this.seal(id, 'url', input.url), this.seal(id, 'secret', input.secret), input.format, input.events],
    ) as WebhookRow[];
    return summary(rows[0]);
  }

  /** The webhooks of a tenant (or of all tenants), oldest first, without URL paths or secrets. */
  async list(tenant?: string): Promise<WebhookSummary[]> {
    return (await this.rows(tenant)).map(summary);
  }

  /** Deletes a tenant's webhook; false when the tenant has no webhook with that id. */
  async remove(tenant: string, id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM notification_webhooks WHERE tenant = $1 AND id = $2`, [tenant, id]) as [unknown, number];
    return count > 0;
  }

  /** A tenant's webhooks with URL and secret decrypted (the notifier's view). */
  async targets(tenant: string): Promise<WebhookTarget[]> {
    return (await this.rows(tenant)).map((row) => ({
      ...summary(row), url: this.open(row.id, 'url', row.url_encrypted), secret: this.open(row.id, 'secret', row.secret_encrypted),
    }));
  }

  /** One webhook with URL and secret decrypted; undefined once it was removed. */
  async target(id: string): Promise<WebhookTarget | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM notification_webhooks WHERE id = $1`, [id]) as WebhookRow[];
    return row ? { ...summary(row), url: this.open(row.id, 'url', row.url_encrypted), secret: this.open(row.id, 'secret', row.secret_encrypted) } : undefined;
  }

  /**
   * Re-seals every webhook URL and secret not sealed with the newest key (`ops secrets rotate`, with the tenants'
   * secrets); returns the webhooks it re-sealed.
   */
  async rotateSecrets(): Promise<{ id: string; tenant: string; keyId: string }[]> {
    const out: { id: string; tenant: string; keyId: string }[] = [];
    for (const row of await this.rows()) {
      if (!this.keyring.isStale(row.url_encrypted) && !this.keyring.isStale(row.secret_encrypted)) continue;
      await this.dataSource.query(`UPDATE notification_webhooks SET url_encrypted = $2, secret_encrypted = $3 WHERE id = $1`, [
        row.id,
        this.seal(row.id, 'url', this.open(row.id, 'url', row.url_encrypted)),
        this.seal(row.id, 'secret', this.open(row.id, 'secret', row.secret_encrypted)),
      ]);
      out.push({ id: row.id, tenant: row.tenant, keyId: this.keyring.currentKeyId });
    }
    return out;
  }

  private rows(tenant?: string): Promise<WebhookRow[]> {
    return tenant
      ? this.dataSource.query(`SELECT * FROM notification_webhooks WHERE tenant = $1 ORDER BY created_at, id`, [tenant])
      : this.dataSource.query(`SELECT * FROM notification_webhooks ORDER BY tenant, created_at, id`);
  }

  private seal(id: string, field: string, plain: string): string {
    return this.keyring.encrypt(plain, `webhook:${id}:${field}`);
  }

  private open(id: string, field: string, sealed: string): string {
    return this.keyring.decrypt(sealed, `webhook:${id}:${field}`);
  }
}

function summary(row: WebhookRow): WebhookSummary {
  return { id: row.id, tenant: row.tenant, host: row.host, format: row.format, events: row.events, createdAt: row.created_at };
}
