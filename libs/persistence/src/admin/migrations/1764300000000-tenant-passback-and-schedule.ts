import { MigrationInterface, QueryRunner } from 'typeorm';

/** Adds what grade passback and scheduling need: IC's vendor authorization (encrypted), passback and schedule settings. */
export class TenantPassbackAndSchedule1764300000000 implements MigrationInterface {
  name = 'TenantPassbackAndSchedule1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tenants
        ADD COLUMN ic_vendor_authorization_encrypted text
          CHECK (ic_vendor_authorization_encrypted IS NULL OR ic_vendor_authorization_encrypted LIKE 'v1:%'),
        ADD COLUMN passback_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN schedule jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tenants DROP COLUMN schedule, DROP COLUMN passback_settings, DROP COLUMN ic_vendor_authorization_encrypted`);
  }
}
