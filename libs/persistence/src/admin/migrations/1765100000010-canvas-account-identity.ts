import { MigrationInterface, QueryRunner } from 'typeorm';

/** One Canvas account, one tenant: the root account's uuid (read from Canvas at `tenants add`) is unique (ADR 0041). */
export class CanvasAccountIdentity1765100000010 implements MigrationInterface {
  name = 'CanvasAccountIdentity1765100000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNIQUE INDEX tenants_canvas_root_account_uuid ON tenants ((canvas_settings->>'rootAccountUuid'))
        WHERE canvas_settings->>'rootAccountUuid' IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX tenants_canvas_root_account_uuid');
  }
}
