import { MigrationInterface, QueryRunner } from 'typeorm';

/** Gradebook state: per-grade outcomes for admins, written hashes (idempotent PUTs, lineItem links), checkpoints. */
export class CreateGradebook1764400000000 implements MigrationInterface {
  name = 'CreateGradebook1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gradebook_outcomes (
        tenant text NOT NULL,
        outcome_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('lineItem', 'result', 'courseGrade')),
        canvas_course_id text,
        canvas_assignment_id text,
        canvas_user_id text,
        class_sourced_id text,
        student_sourced_id text,
        line_item_sourced_id text,
        result_sourced_id text,
        status text NOT NULL CHECK (status IN ('sent', 'refused', 'held', 'skipped', 'failed', 'waiting')),
        reason text,
        canvas_event_time timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, outcome_key)
      )`);
    await queryRunner.query(`CREATE INDEX gradebook_outcomes_class ON gradebook_outcomes (tenant, class_sourced_id)`);
    await queryRunner.query(`CREATE INDEX gradebook_outcomes_student ON gradebook_outcomes (tenant, student_sourced_id)`);
    await queryRunner.query(`CREATE INDEX gradebook_outcomes_status ON gradebook_outcomes (tenant, status)`);
    await queryRunner.query(`
      CREATE TABLE gradebook_written (
        tenant text NOT NULL,
        sourced_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('lineItem', 'result')),
        content_hash text,
        written_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, sourced_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE gradebook_checkpoints (
        tenant text PRIMARY KEY,
        graded_since timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gradebook_checkpoints`);
    await queryRunner.query(`DROP TABLE gradebook_written`);
    await queryRunner.query(`DROP TABLE gradebook_outcomes`);
  }
}
