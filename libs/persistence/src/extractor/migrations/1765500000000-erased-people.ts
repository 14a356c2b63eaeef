import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People erased with `ops erase person`, as SHA-256 of `tenant|sourcedId` (not the id itself): a record IC still lists
 * as `tobedeleted` for them is not extracted again (ADR 0070).
 */
export class ErasedPeople1765500000000 implements MigrationInterface {
  name = 'ErasedPeople1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE extractor_erased (
        tenant text NOT NULL,
        id_sha256 text NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, id_sha256)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE extractor_erased');
  }
}
