import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run history (ADR 0130): every sync.runs marker and, per run, the objects that did not reach Canvas (failed, held,
 * waiting, refused, rejected) with the latest reason, kept for a retention period so `ops runs` and
 * `ops runs report` still answer once the topic's retention has dropped the run.
 */
export class RunHistory1766130000000 implements MigrationInterface {
  name = 'RunHistory1766130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE run_history_events (
        tenant text NOT NULL,
        run_id text NOT NULL,
        kind text NOT NULL,
        stage text NOT NULL,
        phase text NOT NULL,
        at timestamptz NOT NULL,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        message text,
        PRIMARY KEY (tenant, run_id, stage, phase, at)
      )`);
    await queryRunner.query('CREATE INDEX run_history_events_at ON run_history_events (at)');
    await queryRunner.query(`
      CREATE TABLE run_history_objects (
        tenant text NOT NULL,
        run_id text NOT NULL,
        canvas_type text NOT NULL,
        sis_id text NOT NULL,
        outcome text NOT NULL,
        message text,
        import_id bigint,
        at timestamptz NOT NULL,
        PRIMARY KEY (tenant, run_id, canvas_type, sis_id)
      )`);
    await queryRunner.query('CREATE INDEX run_history_objects_at ON run_history_objects (at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE run_history_objects');
    await queryRunner.query('DROP TABLE run_history_events');
  }
}
