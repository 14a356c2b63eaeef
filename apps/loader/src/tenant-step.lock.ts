import type { DataSource, QueryRunner } from 'typeorm';

/**
 * One loader replica at a time runs a tenant's step, so a Canvas root account (one tenant each, ADR 0041) never has
 * two SIS imports in flight however many loaders run: a session-level PostgreSQL advisory lock per tenant, taken
 * with `pg_try_advisory_lock` (a replica that does not get it skips the tenant this tick) on one dedicated
 * connection per process (not the pool, which the steps themselves need). If that connection drops (a database
 * failover), PostgreSQL releases its locks: the lock connection is opened again and the steps in flight finish; a
 * step another replica starts meanwhile finds the posted import in `loader_imports` and waits for it.
 */
export class TenantStepLock {
  private connection?: Promise<QueryRunner>;

  constructor(private readonly dataSource: DataSource, private readonly namespace = 'loader') {}

  /** Runs `work` holding the tenant's lock; false (work not run) when another replica holds it. */
  async withLock(tenant: string, work: () => Promise<void>): Promise<boolean> {
    const runner = await this.runner();
    let rows: { locked: boolean }[];
    try {
      rows = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [this.lockName(tenant)]);
    } catch (error) {
      this.drop(runner);
      throw error;
    }
    if (!rows[0]?.locked) return false;
    try {
      await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.lockName(tenant)]).catch(() => this.drop(runner));
    }
    return true;
  }

  async close(): Promise<void> {
    const runner = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    await runner?.release().catch(() => undefined);
  }

  private lockName(tenant: string): string {
    return `${this.namespace}:${tenant}`;
  }

  private runner(): Promise<QueryRunner> {
    this.connection ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      return runner;
    })().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private drop(runner: QueryRunner): void {
    if (this.connection) this.connection = undefined;
    void runner.release().catch(() => undefined);
  }
}
