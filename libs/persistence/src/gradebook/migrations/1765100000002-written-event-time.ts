import { MigrationInterface, QueryRunner } from 'typeorm';

/** The Canvas event time behind what was last written per lineItem/result: an older change never overwrites it. */
export class WrittenEventTime1765100000002 implements MigrationInterface {
  name = 'WrittenEventTime1765100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE gradebook_written ADD COLUMN canvas_event_time timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE gradebook_written DROP COLUMN canvas_event_time`);
  }
}
