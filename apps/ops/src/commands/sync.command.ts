import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { Stage, SyncKind, SyncRequest, SyncRunEvent, Topics } from '@rp/messaging';
import { LoaderPlanRunRepository, loaderStore } from '@rp/persistence';
import { parsePositiveInt } from '../cli/json-option';
import { currentEnds, followTopic } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';
import { ExitCode, UserError } from '../ops-errors';
import { scheduleStatus } from '../tenants/schedule-status';
import { formatRun, formatRunEvent, runIsDone, STAGES, summariseRuns } from '../runs/sync-run-summary';

interface SyncFlags {
  full?: boolean;
  delta?: boolean;
  plan?: boolean;
  wait?: boolean;
  until: Stage;
  timeout: string;
}

/** The SyncRequest `ops sync` publishes (pure, for tests). */
export function syncRequestOf(tenant: string, kind: SyncKind, requestedBy: string, now: Date, runId: string = randomUUID(), planOnly = false): SyncRequest {
  return { tenant, runId, kind, requestedBy, requestedAt: now.toISOString(), ...(planOnly ? { planOnly } : {}) };
}

/** Thrown when `--wait` ended without the run finishing (exit 2: the run may still be going). */
export class SyncWaitError extends Error {
  readonly exitCode = ExitCode.systemError;
}

/** `ops sync <tenant>`: asks the extractor for a run; `--wait` follows sync.runs until it is done. */
export function registerSyncCommand(program: Command, ctx: OpsContext): void {
  program
    .command('sync <tenant>')
    .description('request a sync run for a tenant (publishes to sync.requests and prints the run id)')
    .addOption(new Option('--full', 'full run: every record, deletions by absence').conflicts('delta'))
    .addOption(new Option('--delta', 'delta run: records changed since the watermark (default)').conflicts('full'))
    .option('--plan', 'with --full: apply nothing; the loader makes the run\'s changes a preview plan (`ops plans show|export|approve|discard`)')
    .option('--wait', 'follow sync.runs and print progress until the run is done')
    .addOption(new Option('--until <stage>', 'with --wait: the stage whose finish ends the wait').choices(STAGES).default('loader'))
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long (the run goes on)', '900')
    .action(async (tenant: string, flags: SyncFlags, command: Command) => {
      for (const option of ['until', 'timeout']) {
        if (command.getOptionValueSource(option) === 'cli' && !flags.wait) {
          throw new UserError(`--${option} only applies with --wait; add --wait to follow the run, or drop --${option}`);
        }
      }
      const timeoutMs = parsePositiveInt('timeout', flags.timeout) * 1000;
      const summary = await (await ctx.tenants()).get(tenant);
      if (summary.status !== 'active') {
        throw new UserError(`tenant ${tenant} is ${summary.status}; enable it first with \`ops tenants enable ${tenant}\``);
      }
      const paused = scheduleStatus(summary, new Date()).paused;
      if (paused) throw new UserError(`tenant ${tenant}: syncs are paused ${paused}`);
      if (flags.plan && !flags.full) {
        throw new UserError('--plan previews a full run: add --full (a delta run\'s changes are too partial to show what Canvas would become)');
      }
      const kind: SyncKind = flags.full ? 'full' : 'delta';
      const request = syncRequestOf(tenant, kind, `ops:${ctx.env.USER ?? 'unknown'}`, new Date(), randomUUID(), flags.plan === true);
      // registered before the request exists, so the loader withholds the run's rows whatever order they arrive in
      if (flags.plan) await new LoaderPlanRunRepository(await ctx.dataSource(loaderStore)).register(tenant, request.runId, request.requestedBy);
      const runsTopic = ctx.topic(Topics.syncRuns);
      const from = flags.wait ? await currentEnds(ctx.kafka(), runsTopic) : undefined;

      const publisher = await ctx.publisher();
      await publisher.publish<SyncRequest>(ctx.topic(Topics.syncRequests), [
        { key: `${tenant}|${request.runId}`, value: request, tenant, syncRun: request.runId },
      ]);
      ctx.out({ requested: request }, `Requested ${flags.plan ? 'plan-only ' : ''}${kind} sync of ${tenant}: run ${request.runId}` +
        (flags.plan ? `\nNothing is applied: once the run is loaded, its plan is listed by \`ops plans list --tenant ${tenant}\`` : '') +
        (flags.wait ? '' : `\nFollow it with: ops runs show ${request.runId} --tenant ${tenant}`));
      if (!from) return;

      const events: SyncRunEvent[] = [];
      const done = await followTopic(ctx.kafka(), runsTopic, {
        groupId: ctx.group(`ops.sync-wait.${request.runId}`),
        from,
        timeoutMs,
        onRecord: async (record) => {
          if (!record.value) return false;
          const event = await ctx.serde().decode<SyncRunEvent>(record.value).catch(() => undefined);
          if (!event || event.runId !== request.runId) return false;
          events.push(event);
          ctx.out({ event }, () => formatRunEvent(event));
          return runIsDone(summariseRuns(events)[0], flags.until);
        },
      });
      const [run] = summariseRuns(events);
      if (run) ctx.out({ run }, () => formatRun(run));
      if (!done) {
        throw new SyncWaitError(`run ${request.runId} did not finish its ${flags.until} stage within ${timeoutMs / 1000}s; ` +
          `it goes on — follow it with \`ops runs show ${request.runId}\``);
      }
      if (run?.status === 'failed') {
        throw new SyncWaitError(`run ${request.runId} failed; see \`ops runs show ${request.runId}\` and the stage's logs`);
      }
    });
}
