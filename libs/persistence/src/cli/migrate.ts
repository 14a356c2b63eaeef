import 'reflect-metadata';
import { Command } from 'commander';
import { createDataSource, runMigrations } from '../data-source.factory';
import { serviceStores } from '../service-stores';

/** `node -r @swc-node/register libs/persistence/src/cli/migrate.ts --service admin [--schema s] [--revert]` */
async function main(argv: string[]): Promise<void> {
  const program = new Command('migrate')
    .requiredOption('--service <name>', `one of: ${Object.keys(serviceStores).join(', ')}`)
    .option('--schema <schema>', 'override the service schema')
    .option('--revert', 'undo the last applied migration')
    .option('--database-url <url>', 'defaults to DATABASE_URL');
  const opts = program.parse(argv).opts<{ service: string; schema?: string; revert?: boolean; databaseUrl?: string }>();
  const store = serviceStores[opts.service];
  if (!store) throw new Error(`unknown service "${opts.service}"; known: ${Object.keys(serviceStores).join(', ')}`);
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required but not set');

  const dataSource = createDataSource({ url, store, schema: opts.schema });
  await dataSource.initialize();
  try {
    if (opts.revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log(JSON.stringify({ service: opts.service, reverted: true }));
    } else {
      const applied = await runMigrations(dataSource);
      console.log(JSON.stringify({ service: opts.service, schema: opts.schema ?? store.schema, applied }));
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv).catch((error: Error) => {
  console.error(`migration failed: ${error.message}`);
  process.exitCode = 1;
});
