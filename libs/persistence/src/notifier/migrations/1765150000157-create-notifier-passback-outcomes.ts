import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grade-write outcomes counted per tenant and fixed window for the passback refusal rate (ADR 0152): one row per
 * published record's accepted count and one per refusal, keyed so a record consumed twice or a refusal repeated by
 * a retried batch counts once.
 */
export class CreateNotifierPassbackOutcomes1765150000157 implements MigrationInterface {
  name = 'CreateNotifierPassbackOutcomes1765150000157';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifier_passback_outcomes (
        tenant text NOT NULL,
        outcome_key text NOT NULL,
        window_start timestamptz NOT NULL,
        writes integer NOT NULL,
        refused integer NOT NULL,
        PRIMARY KEY (tenant, outcome_key)
      )`);
    await queryRunner.query(`CREATE INDEX notifier_passback_outcomes_window ON notifier_passback_outcomes (tenant, window_start)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifier_passback_outcomes`);
  }
}
