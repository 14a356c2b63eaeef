import { MigrationInterface, QueryRunner } from 'typeorm';

/** The loader's state: pending Canvas changes, applied hashes, SIS imports, held plans (unqualified names). */
export class CreateLoaderTables1764400000000 implements MigrationInterface {
  name = 'CreateLoaderTables1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE loader_plans (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        status text NOT NULL CHECK (status IN ('held', 'approved', 'rejected', 'applied')),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by text,
        summary jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query('CREATE INDEX loader_plans_tenant_status ON loader_plans (tenant, status)');
    await queryRunner.query(`
      CREATE TABLE loader_plan_items (
        plan_id uuid NOT NULL REFERENCES loader_plans (id) ON DELETE CASCADE,
        canvas_type text NOT NULL,
        sis_id text NOT NULL,
        school text,
        op text NOT NULL,
        hash text NOT NULL,
        row jsonb NOT NULL,
        PRIMARY KEY (plan_id, canvas_type, sis_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE loader_pending (
        tenant text NOT NULL,
        canvas_type text NOT NULL,
        sis_id text NOT NULL,
        row jsonb NOT NULL,
        hash text NOT NULL,
        op text NOT NULL,
        school text,
        sync_run text,
        sources jsonb NOT NULL DEFAULT '[]'::jsonb,
        received_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        waiting_for text,
        plan_id uuid REFERENCES loader_plans (id) ON DELETE SET NULL,
        PRIMARY KEY (tenant, canvas_type, sis_id)
      )`);
    await queryRunner.query('CREATE INDEX loader_pending_tenant_received ON loader_pending (tenant, received_at)');
    await queryRunner.query(`
      CREATE TABLE loader_applied (
        tenant text NOT NULL,
        canvas_type text NOT NULL,
        sis_id text NOT NULL,
        hash text NOT NULL,
        active boolean NOT NULL,
        school text,
        import_id bigint,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, canvas_type, sis_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE loader_imports (
        id bigserial PRIMARY KEY,
        tenant text NOT NULL,
        canvas_import_id bigint,
        state text NOT NULL,
        progress integer NOT NULL DEFAULT 0,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        rows_per_type jsonb NOT NULL DEFAULT '{}'::jsonb,
        items jsonb NOT NULL DEFAULT '[]'::jsonb,
        message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX loader_imports_tenant ON loader_imports (tenant, id)');
    // "is this entity in an unfinished import?" — asked when an unchanged version arrives (see upsertChanges)
    await queryRunner.query('CREATE INDEX loader_imports_items ON loader_imports USING gin (items jsonb_path_ops) WHERE finished_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['loader_imports', 'loader_applied', 'loader_pending', 'loader_plan_items', 'loader_plans']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
