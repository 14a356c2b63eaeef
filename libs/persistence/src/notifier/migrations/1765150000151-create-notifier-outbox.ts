import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifier's outbox (ADR 0150): one row per notification and webhook, keyed by the delivery id derived from the
 * notification's de-duplication key, so a replayed record or a restart never stores (or sends) it twice.
 */
export class CreateNotifierOutbox1765150000151 implements MigrationInterface {
  name = 'CreateNotifierOutbox1765150000151';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifier_outbox (
        delivery_id text PRIMARY KEY,
        notification_key text NOT NULL,
        tenant text NOT NULL,
        webhook_id text NOT NULL,
        kind text NOT NULL,
        notification jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        sent_at timestamptz,
        gave_up_at timestamptz,
        last_error text
      )`);
    await queryRunner.query(`CREATE INDEX notifier_outbox_due ON notifier_outbox (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL`);
    await queryRunner.query(`CREATE INDEX notifier_outbox_created ON notifier_outbox (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifier_outbox`);
  }
}
