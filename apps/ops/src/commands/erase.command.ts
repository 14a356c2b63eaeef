import { Command } from 'commander';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { confirmDestruction } from '../erase/confirmation';
import { formatErasureReport, type ErasureReport } from '../erase/erasure-report';
import { erasePersonFromTables, personAliases } from '../erase/table-eraser';
import { eraseFromTopics } from '../erase/topic-eraser';

/** Default wait for the broker to compact the erased keys away. */
export const DEFAULT_ERASE_WAIT_SECONDS = 300;

export const parseWaitSeconds = (text: string | undefined): number => {
  const seconds = Number(text ?? DEFAULT_ERASE_WAIT_SECONDS);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UserError(`--wait-seconds must be a number of seconds ≥ 0 (got ${text})`);
  return seconds;
};

/** `ops erase person`: removes one person from every topic and table (docs/security.md, "Data retention"). */
export function registerEraseCommands(program: Command, ctx: OpsContext): void {
  const erase = program.command('erase').description('erase personal data (FERPA requests): see docs/security.md, Data retention');
  erase
    .command('person')
    .description('remove a person from every topic (tombstones, forced compaction, truncation) and every table; ' +
      'records IC still lists as tobedeleted are not extracted again (an active one would be)')
    .requiredOption('--tenant <id>', 'the tenant the person belongs to')
    .requiredOption('--sourced-id <id>', "the person's OneRoster sourcedId")
    .option('--yes', 'confirm without a prompt')
    .option('--wait-seconds <n>', `how long to wait for the broker to compact the erased keys (default ${DEFAULT_ERASE_WAIT_SECONDS})`)
    .action(async (opts: { tenant: string; sourcedId: string; yes?: boolean; waitSeconds?: string }) => {
      const waitMs = parseWaitSeconds(opts.waitSeconds) * 1000;
      await (await ctx.tenants()).get(opts.tenant); // unknown tenant → exit 1 naming it
      await confirmDestruction(`Erasing person ${opts.sourcedId} of tenant ${opts.tenant}`, opts.sourcedId, opts.yes);
      const aliases = await personAliases(ctx, opts.tenant, opts.sourcedId);
      const terms = [opts.sourcedId, ...aliases.enrollments, ...aliases.results];
      const topics = await eraseFromTopics(ctx, { tenant: opts.tenant, terms }, { waitMs });
      const tables = await erasePersonFromTables(ctx, opts.tenant, terms, [opts.sourcedId, ...aliases.enrollments]);
      const report: ErasureReport = { tenant: opts.tenant, sourcedId: opts.sourcedId, tables, topics, complete: topics.every((t) => t.remaining === 0) };
      ctx.logger.info('person erased', { tenant: opts.tenant, complete: report.complete });
      ctx.out(report, formatErasureReport);
      if (!report.complete) process.exitCode = 2;
    });
}
