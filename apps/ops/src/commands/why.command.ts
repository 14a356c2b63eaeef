import { Command } from 'commander';
import { extractorStore, gradebookStore, loaderStore, transformerStore } from '@rp/persistence';
import type { OpsContext } from '../ops-context';
import { KafkaDeadLetterReader } from '../why/dead-letter.reader';
import { PgGradebookReader } from '../why/gradebook.reader';
import { PgLoaderReader } from '../why/loader.reader';
import { PgSnapshotReader } from '../why/snapshot.reader';
import { PgTransformerReader } from '../why/transformer.reader';
import { formatWhy } from '../why/why-format';
import { whyOf } from '../why/why.query';
import type { WhyReaders } from '../why/why.ports';

/** The readers over each service's tables (read-only) and the dead-letter topics. */
export async function whyReaders(ctx: OpsContext, options: { dlq: boolean }): Promise<WhyReaders> {
  const tenants = await ctx.tenants();
  return {
    mappingSettings: async (tenant) => (await tenants.get(tenant)).mapping, // unknown tenant → exit 1 naming it
    snapshots: new PgSnapshotReader(await ctx.dataSource(extractorStore)),
    transformer: new PgTransformerReader(await ctx.dataSource(transformerStore)),
    loader: new PgLoaderReader(await ctx.dataSource(loaderStore)),
    gradebook: new PgGradebookReader(await ctx.dataSource(gradebookStore)),
    ...(options.dlq ? { deadLetters: new KafkaDeadLetterReader(ctx) } : {}),
  };
}

/** `ops why <id> --tenant T`: why a record is (not) in Canvas, or a grade (not) in IC. */
export function registerWhyCommand(program: Command, ctx: OpsContext, readersOf: typeof whyReaders = whyReaders): void {
  program
    .command('why <id>')
    .description('why a record is or is not in Canvas (a OneRoster sourcedId or Canvas SIS id: user, class/course, section, ' +
      'enrollment) or a grade in IC (lineItem/result): as last read from IC, what the mapping made of it and which setting ' +
      'decided, and where it is now (applied, parked, held, refused, filtered, dead-lettered; for grades Live Event → IC)')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--no-dlq', 'do not read the dead-letter topics (Kafka)')
    .action(async (id: string, opts: { tenant: string; dlq: boolean }) => {
      const readers = await readersOf(ctx, { dlq: opts.dlq });
      const report = await whyOf(readers, opts.tenant, id);
      ctx.out(report, formatWhy);
    });
}
