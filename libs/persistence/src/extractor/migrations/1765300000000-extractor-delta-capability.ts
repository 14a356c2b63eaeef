import { MigrationInterface, QueryRunner } from 'typeorm';

/** Providers whose delta filter was refused or ignored: their tenants run full syncs on the delta schedule (issue 21). */
export class ExtractorDeltaCapability1765300000000 implements MigrationInterface {
  name = 'ExtractorDeltaCapability1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE extractor_delta_capability (
        tenant text PRIMARY KEY,
        unusable_reason text NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE extractor_delta_capability');
  }
}
