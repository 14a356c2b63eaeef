import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant notification webhooks (ADR 0150): URL and signing secret encrypted, only the host in clear for listing. */
export class NotificationWebhooks1765150000150 implements MigrationInterface {
  name = 'NotificationWebhooks1765150000150';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_webhooks (
        id text PRIMARY KEY,
        tenant text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        host text NOT NULL,
        url_encrypted text NOT NULL,
        secret_encrypted text NOT NULL,
        format text NOT NULL CHECK (format IN ('slack', 'json')),
        events text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX notification_webhooks_tenant ON notification_webhooks (tenant)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification_webhooks`);
  }
}
