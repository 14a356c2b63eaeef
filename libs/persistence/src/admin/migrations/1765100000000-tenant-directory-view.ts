import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tenant_directory`: the tenants without any secret column, for services that only need to know who is who (the
 * internet-facing events-gateway reads this view, never `tenants`; see docs/security.md).
 */
export class TenantDirectoryView1765100000000 implements MigrationInterface {
  name = 'TenantDirectoryView1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW tenant_directory AS SELECT id, status, canvas_settings, updated_at FROM tenants`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW tenant_directory`);
  }
}
