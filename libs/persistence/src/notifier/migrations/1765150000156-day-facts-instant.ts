import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each day fact happened, so the daily summary counts the tenant's local day (ADR 0151); older rows: their UTC day. */
export class DayFactsInstant1765150000156 implements MigrationInterface {
  name = 'DayFactsInstant1765150000156';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifier_day_facts ADD COLUMN IF NOT EXISTS at timestamptz`);
    await queryRunner.query(`UPDATE notifier_day_facts SET at = day::timestamp AT TIME ZONE 'UTC' WHERE at IS NULL`);
    await queryRunner.query(`ALTER TABLE notifier_day_facts ALTER COLUMN at SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX notifier_day_facts_at ON notifier_day_facts (tenant, at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifier_day_facts DROP COLUMN at`);
  }
}
