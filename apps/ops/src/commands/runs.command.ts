import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { loaderStore, RunHistoryRepository } from '@rp/persistence';
import { parsePositiveInt } from '../cli/json-option';
import { formatTable } from '../cli/table';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { readSyncRunEvents } from '../runs/read-sync-runs';
import { runReportCsv, runReportRows, RunReportRow } from '../runs/run-report';
import { formatRun, formatRunList, summariseRuns } from '../runs/sync-run-summary';
import { activeStalls, stallSection } from '../stalls/active-stalls';
import { readStallReports } from '../stalls/read-stalls';

const STALLED_HEADING = 'stalled now (retried until the dependency is back; nothing is dead-lettered):';

/** The run history the commands read (the loader's repository; a fake in tests). */
export type RunHistoryStore = Pick<RunHistoryRepository, 'events' | 'objects'>;

const HISTORY_HELP = 'read the run history kept in PostgreSQL (runs older than the topic\'s retention, up to RUN_HISTORY_RETENTION_DAYS) instead of sync.runs';

/** `ops runs list|show|report`: sync runs as reported on sync.runs (or kept in the history), per stage. */
export function registerRunsCommands(
  program: Command,
  ctx: OpsContext,
  historyOf: (ctx: OpsContext) => Promise<RunHistoryStore> = async (c) => new RunHistoryRepository(await c.dataSource(loaderStore)),
): void {
  const runs = program.command('runs').description('sync runs and their progress per stage (read from sync.runs, or the history with --history)');
  const eventsOf = async (opts: { tenant?: string; history?: boolean }, runId?: string) =>
    opts.history ? (await historyOf(ctx)).events({ tenant: opts.tenant, runId }) : readSyncRunEvents(ctx, { tenant: opts.tenant });

  runs
    .command('list')
    .description('list sync runs, newest first')
    .option('--tenant <id>', 'only this tenant')
    .option('--limit <n>', 'at most this many runs', '20')
    .option('--history', HISTORY_HELP)
    .action(async (opts: { tenant?: string; limit: string; history?: boolean }) => {
      const limit = parsePositiveInt('limit', opts.limit);
      const summaries = summariseRuns(await eventsOf(opts)).slice(0, limit);
      const now = new Date();
      const stalls = ctx.json ? [] : activeStalls(await readStallReports(ctx, { tenant: opts.tenant }), now);
      ctx.out(summaries, (runs) => [formatRunList(runs), ...stallSection(stalls, now, STALLED_HEADING)].join('\n'));
    });

  runs
    .command('show <runId>')
    .description("one run's phase, counts and messages per stage")
    .option('--tenant <id>', 'the run\'s tenant (reads less)')
    .option('--history', HISTORY_HELP)
    .action(async (runId: string, opts: { tenant?: string; history?: boolean }) => {
      const events = (await eventsOf(opts, runId)).filter((e) => e.runId === runId);
      const [run] = summariseRuns(events);
      if (!run) {
        throw new UserError(opts.history
          ? `no run ${runId} in the run history; it may be older than RUN_HISTORY_RETENTION_DAYS — list kept runs with \`ops runs list --history\``
          : `no events for run ${runId} on sync.runs; list runs with \`ops runs list\` ` +
            '(a run requested moments ago appears once the extractor picks it up; older runs: add --history)');
      }
      // the tenant's stalls while the run goes on (a finished run no longer waits for anything)
      const now = new Date();
      const stalls = run.status === 'running' ? activeStalls(await readStallReports(ctx, { tenant: run.tenant }), now, { tenant: run.tenant }) : [];
      ctx.out({ ...run, stalls }, (r) => [formatRun(r), ...stallSection(stalls, now, STALLED_HEADING)].join('\n'));
    });

  runs
    .command('report <runId>')
    .description('one row per object of the run that did not reach Canvas (refused, failed, held, parked, rejected) with reason and fix hint (from the run history)')
    .option('--tenant <id>', 'the run\'s tenant')
    .option('--csv', 'write CSV (columns: run_id, tenant, status, object_type, sis_id, reason, fix_hint, canvas_import_id, at)')
    .option('--out <file>', 'with --csv: write to this file instead of stdout')
    .action(async (runId: string, opts: { tenant?: string; csv?: boolean; out?: string }) => {
      if (opts.out && !opts.csv) throw new UserError('--out only applies with --csv; add --csv to write the report as CSV');
      const history = await historyOf(ctx);
      const [objects, events] = await Promise.all([history.objects(runId, opts.tenant), history.events({ tenant: opts.tenant, runId })]);
      if (objects.length === 0 && events.length === 0) {
        throw new UserError(`no run ${runId}${opts.tenant ? ` of tenant ${opts.tenant}` : ''} in the run history; it may be older than ` +
          'RUN_HISTORY_RETENTION_DAYS — list kept runs with `ops runs list --history`');
      }
      const rows = runReportRows(objects);
      if (!opts.csv) return ctx.out(rows, formatReport);
      const csv = runReportCsv(rows);
      if (!opts.out) return ctx.out(csv, (text) => text);
      writeFileSync(opts.out, csv);
      ctx.out({ file: opts.out, rows: rows.length }, `wrote ${rows.length} row(s) of run ${runId} to ${opts.out}`);
    });
}

/** The report as a table (the CSV has every column). */
export function formatReport(rows: RunReportRow[]): string {
  if (rows.length === 0) return 'every object of the run reached Canvas (nothing refused, failed, held, parked or rejected)';
  return formatTable(['STATUS', 'TYPE', 'SIS ID', 'REASON'], rows.map((r) => [r.status, r.objectType, r.sisId, r.reason]));
}
