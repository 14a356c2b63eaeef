import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Before ADR 0080 the extractor recorded a `tobedeleted` record it had never published as deleted without
 * publishing it ("remember"), so the transformer never learnt of it and the record's active enrollments wait for
 * it forever. Forgetting those snapshot rows makes the next full run publish each such record once: the waiting
 * enrollments are then settled (blocked, or dropped per policy). A record it had published as deleted is published
 * again with the same content; the transformer finds its projections unchanged and sends nothing. Rows deleted for
 * absence (hash `absent`) are kept: their record is not in IC's answers, so nothing would replace them.
 */
export class RepublishRememberedDeletes1765400000000 implements MigrationInterface {
  name = 'RepublishRememberedDeletes1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM extractor_snapshot WHERE deleted AND hash <> 'absent'`);
  }

  async down(): Promise<void> {
    // nothing to restore: the next full run records these rows again
  }
}
