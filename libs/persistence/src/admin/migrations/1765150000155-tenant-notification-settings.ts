import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification thresholds per tenant, and `notifier_tenants`: what the notifier needs of a tenant (time zone,
 * notification settings, credential expiry dates) without any secret column (ADR 0151).
 */
export class TenantNotificationSettings1765150000155 implements MigrationInterface {
  name = 'TenantNotificationSettings1765150000155';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tenants ADD COLUMN IF NOT EXISTS notification_settings jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await queryRunner.query(`
      CREATE VIEW notifier_tenants AS
      SELECT id, status, schedule->>'timeZone' AS time_zone, notification_settings,
             ic_settings->>'clientSecretExpiresAt' AS ic_secret_expires_at,
             canvas_settings->>'tokenExpiresAt' AS canvas_token_expires_at
      FROM tenants`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW notifier_tenants`);
    await queryRunner.query(`ALTER TABLE tenants DROP COLUMN notification_settings`);
  }
}
