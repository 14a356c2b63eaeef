import { MigrationInterface, QueryRunner } from 'typeorm';

/** Materialised OneRoster entities, parked entities and published projection hashes of the transformer. */
export class CreateTransformerTables1764400000000 implements MigrationInterface {
  name = 'CreateTransformerTables1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE transformer_entities (
        tenant text NOT NULL,
        type text NOT NULL,
        sourced_id text NOT NULL,
        record jsonb NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        projections jsonb NOT NULL DEFAULT '[]'::jsonb,
        updated timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, type, sourced_id)
      )`);
    // The lookups the projection context makes besides by-id: classes of a course, enrollments of a class or
    // user, sessions of a school year.
    await queryRunner.query(
      `CREATE INDEX transformer_entities_class_course ON transformer_entities (tenant, (record->'course'->>'sourcedId')) WHERE type = 'class'`,
    );
    await queryRunner.query(
      `CREATE INDEX transformer_entities_enrollment_class ON transformer_entities (tenant, (record->'class'->>'sourcedId')) WHERE type = 'enrollment'`,
    );
    await queryRunner.query(
      `CREATE INDEX transformer_entities_enrollment_user ON transformer_entities (tenant, (record->'user'->>'sourcedId')) WHERE type = 'enrollment'`,
    );
    await queryRunner.query(
      `CREATE INDEX transformer_entities_session_year ON transformer_entities (tenant, (record->>'schoolYear')) WHERE type = 'academicSession'`,
    );
    await queryRunner.query(`
      CREATE TABLE transformer_parked (
        tenant text NOT NULL,
        type text NOT NULL,
        sourced_id text NOT NULL,
        waiting_for text[] NOT NULL,
        message text NOT NULL,
        since timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, type, sourced_id)
      )`);
    await queryRunner.query(`CREATE INDEX transformer_parked_waiting_for ON transformer_parked USING gin (waiting_for)`);
    await queryRunner.query(`
      CREATE TABLE transformer_projections (
        tenant text NOT NULL,
        canvas_type text NOT NULL,
        sis_id text NOT NULL,
        hash text NOT NULL,
        school text,
        op text NOT NULL CHECK (op IN ('upsert', 'delete')),
        updated timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, canvas_type, sis_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE transformer_projections');
    await queryRunner.query('DROP TABLE transformer_parked');
    await queryRunner.query('DROP TABLE transformer_entities');
  }
}
