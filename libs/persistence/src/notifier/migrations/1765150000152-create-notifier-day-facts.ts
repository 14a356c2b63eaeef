import { MigrationInterface, QueryRunner } from 'typeorm';

/** Countable facts of a tenant's day for the daily summary (ADR 0150), keyed so a replayed record counts once. */
export class CreateNotifierDayFacts1765150000152 implements MigrationInterface {
  name = 'CreateNotifierDayFacts1765150000152';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifier_day_facts (
        fact_key text PRIMARY KEY,
        tenant text NOT NULL,
        day date NOT NULL,
        kind text NOT NULL,
        ref text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX notifier_day_facts_day ON notifier_day_facts (day, tenant)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifier_day_facts`);
  }
}
