import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (ADR 0170): an import's rows move from one `items` jsonb per import (~11 MB at 50,000 rows, written whole,
 * read back whole, with a GIN index) into the narrow table `loader_import_items`, one row per row sent; and the
 * per-second questions get their indexes: tenants with pending rows (a partial index the loader skip-scans) and a
 * run's rows (`sync_run`, for the run-progress count).
 */
export class LoaderImportItems1766170000000 implements MigrationInterface {
  name = 'LoaderImportItems1766170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE loader_import_items (
        import_id bigint NOT NULL REFERENCES loader_imports (id) ON DELETE CASCADE,
        tenant text NOT NULL,
        canvas_type text NOT NULL,
        sis_id text NOT NULL,
        file text NOT NULL,
        line integer NOT NULL,
        hash text NOT NULL,
        op text NOT NULL,
        school text,
        sync_run text,
        active boolean NOT NULL,
        approved boolean NOT NULL DEFAULT false,
        PRIMARY KEY (import_id, canvas_type, sis_id)
      )`);
    // "is this entity in an unfinished import?" (upsertChanges, the next batch's assembly)
    await queryRunner.query('CREATE INDEX loader_import_items_entity ON loader_import_items (tenant, canvas_type, sis_id)');
    await queryRunner.query(`
      INSERT INTO loader_import_items (import_id, tenant, canvas_type, sis_id, file, line, hash, op, school, sync_run, active, approved)
      SELECT i.id, i.tenant, x."canvasType", x."sisId", x.file, x.line, x.hash, x.op, x.school, x."syncRun", x.active, coalesce(x.approved, false)
      FROM loader_imports i, jsonb_to_recordset(i.items) AS x("canvasType" text, "sisId" text, file text, line integer, hash text, op text,
        school text, "syncRun" text, active boolean, approved boolean)
      ON CONFLICT DO NOTHING`);
    await queryRunner.query('DROP INDEX loader_imports_items');
    await queryRunner.query('ALTER TABLE loader_imports DROP COLUMN items');
    await queryRunner.query('CREATE INDEX loader_imports_unfinished ON loader_imports (tenant) WHERE finished_at IS NULL');
    await queryRunner.query(`CREATE INDEX loader_pending_tenant_pending ON loader_pending (tenant) WHERE status = 'pending'`);
    await queryRunner.query('CREATE INDEX loader_pending_tenant_run ON loader_pending (tenant, sync_run)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX loader_pending_tenant_run');
    await queryRunner.query('DROP INDEX loader_pending_tenant_pending');
    await queryRunner.query('DROP INDEX loader_imports_unfinished');
    await queryRunner.query(`ALTER TABLE loader_imports ADD COLUMN items jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await queryRunner.query(`
      UPDATE loader_imports i SET items = x.items FROM (
        SELECT import_id, jsonb_agg(jsonb_build_object('file', file, 'line', line, 'canvasType', canvas_type, 'sisId', sis_id, 'hash', hash,
          'op', op, 'school', school, 'syncRun', sync_run, 'active', active, 'approved', approved) ORDER BY file, line) AS items
        FROM loader_import_items GROUP BY import_id) x WHERE x.import_id = i.id`);
    await queryRunner.query('CREATE INDEX loader_imports_items ON loader_imports USING gin (items jsonb_path_ops) WHERE finished_at IS NULL');
    await queryRunner.query('DROP TABLE loader_import_items');
  }
}
