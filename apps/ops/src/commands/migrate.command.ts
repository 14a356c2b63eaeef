import { Command } from 'commander';
import { commonEnv } from '@rp/config';
import { ensureTopics, platformTopics, TopicDrift } from '@rp/messaging';
import { createDataSource, runMigrations, serviceStores } from '@rp/persistence';
import { schemaName } from '@rp/runtime';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';

interface StoreMigration {
  service: string;
  schema: string;
  applied: string[];
}

interface MigrateResult {
  stores: StoreMigration[];
  topics?: { created: string[]; drift: TopicDrift[]; schemasRegistered: number };
}

/** `ops migrate`: database migrations of every store (or one), then the platform topics and their Avro schemas. */
export function registerMigrateCommand(program: Command, ctx: OpsContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations, create missing topics (with DLQs) and register value schemas')
    .option('--service <name>', `store to migrate: all or one of ${Object.keys(serviceStores).join(', ')}`, 'all')
    .option('--no-topics', 'skip topics and schemas (database only)')
    .action(async (opts: { service: string; topics: boolean }) => {
      const names = opts.service === 'all' ? Object.keys(serviceStores) : [opts.service];
      const unknown = names.filter((n) => !serviceStores[n]);
      if (unknown.length > 0) {
        throw new UserError(`unknown service "${unknown.join(', ')}"; use all or one of ${Object.keys(serviceStores).join(', ')}`);
      }
      const result: MigrateResult = { stores: [] };
      const { databaseUrl } = ctx.config({ databaseUrl: commonEnv.databaseUrl });
      for (const service of names) result.stores.push(await migrateStore(ctx, databaseUrl, service));
      if (opts.topics) result.topics = await migrateTopics(ctx);
      for (const d of result.topics?.drift ?? []) {
        ctx.logger.warn('topic differs from its definition (not changed automatically)', { ...d });
      }
      ctx.out(result, formatMigrateResult);
    });
}

async function migrateStore(ctx: OpsContext, url: string, service: string): Promise<StoreMigration> {
  const store = serviceStores[service];
  const schema = schemaName(ctx.naming, store.schema);
  // two: runMigrations holds one connection for its advisory lock while the migrations run on another
  const dataSource = createDataSource({ url, store, schema, poolSize: 2 });
  await dataSource.initialize();
  try {
    return { service, schema, applied: await runMigrations(dataSource) };
  } finally {
    await dataSource.destroy();
  }
}

async function migrateTopics(ctx: OpsContext): Promise<NonNullable<MigrateResult['topics']>> {
  const defs = platformTopics().map((d) => ({ ...d, name: ctx.topic(d.name) }));
  const admin = ctx.kafka().admin();
  await admin.connect();
  try {
    const { created, drift } = await ensureTopics(admin, defs);
    const ids = await ctx.serde().registerTopics(defs);
    return { created, drift, schemasRegistered: ids.size };
  } finally {
    await admin.disconnect();
  }
}

function formatMigrateResult(result: MigrateResult): string {
  const lines = result.stores.map((s) =>
    `${s.service} (schema ${s.schema}): ${s.applied.length === 0 ? 'up to date' : `applied ${s.applied.join(', ')}`}`,
  );
  if (result.topics) {
    const { created, drift, schemasRegistered } = result.topics;
    lines.push(`topics: ${created.length === 0 ? 'all present' : `created ${created.length} (${created.join(', ')})`}`);
    lines.push(`schemas: ${schemasRegistered} value schema(s) registered`);
    for (const d of drift) lines.push(`drift: ${d.topic} ${d.setting} is ${d.actual ?? 'unset'}, expected ${d.expected}`);
  }
  return lines.join('\n');
}
