import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tenants table (unqualified: the data source's search_path is the service schema). */
export class CreateTenants1735689600000 implements MigrationInterface {
  name = 'CreateTenants1735689600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenants (
        id text PRIMARY KEY,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
        ic_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        canvas_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        mapping_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        thresholds jsonb NOT NULL DEFAULT '{}'::jsonb,
        ic_client_secret_encrypted text CHECK (ic_client_secret_encrypted IS NULL OR ic_client_secret_encrypted LIKE 'v1:%'),
        canvas_token_encrypted text CHECK (canvas_token_encrypted IS NULL OR canvas_token_encrypted LIKE 'v1:%'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX tenants_canvas_root_account ON tenants ((canvas_settings->>'baseUrl'), (canvas_settings->>'rootAccountId'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenants');
  }
}
