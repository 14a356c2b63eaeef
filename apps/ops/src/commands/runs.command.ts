import { Command } from 'commander';
import { parsePositiveInt } from '../cli/json-option';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { readSyncRunEvents } from '../runs/read-sync-runs';
import { formatRun, formatRunList, summariseRuns } from '../runs/sync-run-summary';

/** `ops runs list|show`: sync runs as reported on sync.runs, per stage. */
export function registerRunsCommands(program: Command, ctx: OpsContext): void {
  const runs = program.command('runs').description('sync runs and their progress per stage (read from sync.runs)');

  runs
    .command('list')
    .description('list sync runs, newest first')
    .option('--tenant <id>', 'only this tenant')
    .option('--limit <n>', 'at most this many runs', '20')
    .action(async (opts: { tenant?: string; limit: string }) => {
      const limit = parsePositiveInt('limit', opts.limit);
      const summaries = summariseRuns(await readSyncRunEvents(ctx, { tenant: opts.tenant })).slice(0, limit);
      ctx.out(summaries, formatRunList);
    });

  runs
    .command('show <runId>')
    .description("one run's phase, counts and messages per stage")
    .option('--tenant <id>', 'the run\'s tenant (reads less)')
    .action(async (runId: string, opts: { tenant?: string }) => {
      const events = (await readSyncRunEvents(ctx, { tenant: opts.tenant })).filter((e) => e.runId === runId);
      const [run] = summariseRuns(events);
      if (!run) {
        throw new UserError(`no events for run ${runId} on sync.runs; list runs with \`ops runs list\` ` +
          '(a run requested moments ago appears once the extractor picks it up)');
      }
      ctx.out(run, formatRun);
    });
}
