import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * loader_applied remembers which sync run applied a version and whether an operator had approved it, so the safety
 * gate can add up a run's deletions over all its batches (a run larger than one batch was judged batch by batch).
 */
export class LoaderAppliedRun1764500000000 implements MigrationInterface {
  name = 'LoaderAppliedRun1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE loader_applied ADD COLUMN sync_run text');
    await queryRunner.query('ALTER TABLE loader_applied ADD COLUMN approved boolean NOT NULL DEFAULT false');
    await queryRunner.query('CREATE INDEX loader_applied_run_inactive ON loader_applied (tenant, sync_run) WHERE NOT active');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX loader_applied_run_inactive');
    await queryRunner.query('ALTER TABLE loader_applied DROP COLUMN approved');
    await queryRunner.query('ALTER TABLE loader_applied DROP COLUMN sync_run');
  }
}
