import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per Live Event the gradebook consumed: what became of it (ADR 0120). */
export class EventOutcomes1765180000018 implements MigrationInterface {
  name = 'EventOutcomes1765180000018';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS gradebook_event_outcomes (
      tenant text NOT NULL,
      event_key text NOT NULL,
      event_name text NOT NULL,
      labelled_as text,
      canvas_event_time timestamptz,
      canvas_course_id text,
      outcome text NOT NULL,
      reason text,
      grade_keys text[] NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, event_key)
    )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS gradebook_event_outcomes_recorded ON gradebook_event_outcomes (tenant, recorded_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS gradebook_event_outcomes`);
  }
}
