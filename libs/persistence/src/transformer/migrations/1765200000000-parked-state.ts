import { MigrationInterface, QueryRunner } from 'typeorm';

/** Parked rows say whether they wait (for a parent, settings, a mapping fix) or are blocked by a deleted parent. */
export class ParkedState1765200000000 implements MigrationInterface {
  name = 'ParkedState1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE transformer_parked ADD COLUMN state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'blocked'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transformer_parked DROP COLUMN state');
  }
}
