import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plan preview (ADR 0131): runs requested with `ops sync --full --plan` are registered in `loader_plan_runs`; their
 * rows are withheld until the loader makes them one `preview` plan (loader_plans.kind), which an operator approves
 * (imported) or discards (`discarded`: withheld until the tenant's next run, which takes them as its own).
 */
export class PlanPreview1766130000001 implements MigrationInterface {
  name = 'PlanPreview1766130000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE loader_plan_runs (
        tenant text NOT NULL,
        run_id text NOT NULL,
        plan_id uuid,
        requested_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, run_id)
      )`);
    await queryRunner.query(`ALTER TABLE loader_plans ADD COLUMN kind text NOT NULL DEFAULT 'gate' CHECK (kind IN ('gate', 'preview'))`);
    await queryRunner.query('ALTER TABLE loader_plans ADD COLUMN sync_run text');
    await queryRunner.query('ALTER TABLE loader_plans DROP CONSTRAINT loader_plans_status_check');
    await queryRunner.query(`ALTER TABLE loader_plans ADD CONSTRAINT loader_plans_status_check CHECK (status IN ('held', 'approved', 'rejected', 'applied', 'discarded'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE loader_plans DROP CONSTRAINT loader_plans_status_check');
    await queryRunner.query(`ALTER TABLE loader_plans ADD CONSTRAINT loader_plans_status_check CHECK (status IN ('held', 'approved', 'rejected', 'applied'))`);
    await queryRunner.query('ALTER TABLE loader_plans DROP COLUMN sync_run');
    await queryRunner.query('ALTER TABLE loader_plans DROP COLUMN kind');
    await queryRunner.query('DROP TABLE loader_plan_runs');
  }
}
