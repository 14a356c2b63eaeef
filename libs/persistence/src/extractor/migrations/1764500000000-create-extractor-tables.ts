import { MigrationInterface, QueryRunner } from 'typeorm';

/** The extractor's memory of each tenant's SIS: record hashes (what was last published), runs and watermarks. */
export class CreateExtractorTables1764500000000 implements MigrationInterface {
  name = 'CreateExtractorTables1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE extractor_snapshot (
        tenant text NOT NULL,
        entity_type text NOT NULL,
        sourced_id text NOT NULL,
        hash text NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        last_seen_run text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, entity_type, sourced_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE extractor_runs (
        run_id text PRIMARY KEY,
        tenant text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('full', 'delta')),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed')),
        requested_by text NOT NULL,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX extractor_runs_tenant ON extractor_runs (tenant, queued_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE extractor_watermarks (
        tenant text PRIMARY KEY,
        watermark timestamptz NOT NULL,
        run_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE extractor_watermarks');
    await queryRunner.query('DROP TABLE extractor_runs');
    await queryRunner.query('DROP TABLE extractor_snapshot');
  }
}
