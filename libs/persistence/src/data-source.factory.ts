import { DataSource, DataSourceOptions, EntitySchema, MigrationExecutor, MigrationInterface } from 'typeorm';

type EntityTarget = Function | EntitySchema; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

/** What one service keeps in PostgreSQL: its schema, entities and ordered migrations. */
export interface ServiceStore {
  /** Default PostgreSQL schema of the service (its tables live there; no service reads another's). */
  schema: string;
  entities: EntityTarget[];
  migrations: (new () => MigrationInterface)[];
}

export interface DataSourceFactoryOptions {
  url: string;
  store: ServiceStore;
  /** Overrides the store's schema (tests use a unique one per run). */
  schema?: string;
  logging?: boolean;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A TypeORM DataSource for a service: its schema is the search_path, so migrations may use unqualified names. */
export function createDataSource(options: DataSourceFactoryOptions): DataSource {
  const schema = options.schema ?? options.store.schema;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}" (use lower-case letters, digits, _)`);
  const config: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    schema,
    entities: options.store.entities,
    migrations: options.store.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: options.logging ?? false,
    extra: { options: `-c search_path=${schema}`, max: options.poolSize ?? 5 },
  };
  return new DataSource(config);
}

/** Creates the schema if needed and runs pending migrations; returns the names of the ones applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema: string }).schema;
  // Apps starting together on a fresh database migrate the schemas they share (the tenant directory) at the same
  // moment: one at a time per schema, under a session advisory lock (two-key form, apart from the loader's locks).
  // The lock's connection also runs the migrations, so a data source with a pool of one connection works too.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_CLASS}, hashtext($1))`, [schema]);
    // A service's own role may not create schemas (it owns its one): create only what is missing.
    const [{ exists }] = await runner.query('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists', [schema]);
    if (!exists) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_CLASS}, hashtext($1))`, [schema]).catch(() => undefined);
    await runner.release();
  }
}

/** First key of the migration lock (ASCII "RPMG"): keeps it apart from every other advisory lock in the database. */
const MIGRATION_LOCK_CLASS = 0x52504d47;
