import { MigrationInterface, QueryRunner } from 'typeorm';

/** Live Events already published, by tenant and event identity, until they are too old to be accepted anyway (ADR 0030). */
export class CreateGatewayDeliveries1765100000001 implements MigrationInterface {
  name = 'CreateGatewayDeliveries1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway_deliveries (
        tenant text NOT NULL,
        identity text NOT NULL,
        seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, identity)
      )`);
    await queryRunner.query(`CREATE INDEX gateway_deliveries_expiry ON gateway_deliveries (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway_deliveries`);
  }
}
