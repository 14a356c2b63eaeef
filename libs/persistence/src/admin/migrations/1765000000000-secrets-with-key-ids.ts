import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = ['ic_client_secret_encrypted', 'canvas_token_encrypted', 'ic_vendor_authorization_encrypted'];

/** Secrets may be stored in the v2 format, which names the key that sealed them (key rotation, ADR 0040). */
export class SecretsWithKeyIds1765000000000 implements MigrationInterface {
  name = 'SecretsWithKeyIds1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of COLUMNS) {
      await queryRunner.query(`ALTER TABLE tenants DROP CONSTRAINT IF EXISTS tenants_${column}_check`);
      await queryRunner.query(
        `ALTER TABLE tenants ADD CONSTRAINT tenants_${column}_check CHECK (${column} IS NULL OR ${column} ~ '^(v1|v2:[0-9a-f]{12}):')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of COLUMNS) {
      await queryRunner.query(`ALTER TABLE tenants DROP CONSTRAINT IF EXISTS tenants_${column}_check`);
      await queryRunner.query(`ALTER TABLE tenants ADD CONSTRAINT tenants_${column}_check CHECK (${column} IS NULL OR ${column} LIKE 'v1:%')`);
    }
  }
}
