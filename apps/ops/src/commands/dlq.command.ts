import { Command } from 'commander';
import { DlqHeader, headerText, SyncRequest, Topics } from '@rp/messaging';
import { ReadRecord, readTopicsToEnd } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { deadLetterView, dlqTopicFor, formatDeadLetter, formatDeadLetterList, parseOffsetArg } from '../dlq/dead-letter-view';
import { isCompactedTopic, LatestVersion, newerVersionReason } from '../dlq/newer-version';
import { RetryAction, retryActionOf } from '../dlq/retry-plan';
import { syncRequestOf } from './sync.command';

/** `ops dlq list|show|retry`: inspect dead letters and put them back on their topic. */
export function registerDlqCommands(program: Command, ctx: OpsContext): void {
  const dlq = program.command('dlq').description('dead letters (*.dlq topics): inspect and retry');

  dlq
    .command('list')
    .description('list dead letters of every *.dlq topic (or one)')
    .option('--topic <topic>', 'one topic, e.g. canvas.users (or canvas.users.dlq)')
    .option('--tenant <id>', 'only this tenant')
    .action(async (opts: { topic?: string; tenant?: string }) => {
      const topics = opts.topic ? [ctx.topic(dlqTopicFor(opts.topic))] : await allDlqTopics(ctx);
      const records = topics.length === 0 ? [] : await readDeadLetters(ctx, topics, { tenant: opts.tenant });
      const views = records.map((r) => deadLetterView(r, (t) => ctx.logicalTopic(t)));
      ctx.out(views, formatDeadLetterList);
    });

  dlq
    .command('show <topic> <offset>')
    .description('one dead letter with its headers and decoded value (offset as <partition>:<offset> or with --partition)')
    .option('--partition <n>', 'partition of the dead letter')
    .action(async (topic: string, offsetArg: string, opts: { partition?: string }) => {
      const where = parseOffsetArg(offsetArg, opts.partition);
      const [record] = await findDeadLetters(ctx, dlqTopicFor(topic), where, { requireOne: true });
      const value = record.value ? await ctx.serde().decode(record.value).catch(() => undefined) : undefined;
      const view = { ...deadLetterView(record, (t) => ctx.logicalTopic(t)), value };
      ctx.out(view, formatDeadLetter);
    });

  dlq
    .command('retry <topic>')
    .description('republish dead letters to their original topic (original key, bytes and headers without dlq-*), ' +
      'except where a compacted topic already holds a newer record of the same key (skipped, with the reason); ' +
      'invalid IC records the extractor dead-lettered are read again by a full sync of their tenant instead')
    .option('--tenant <id>', 'only this tenant')
    .option('--offset <offset>', 'only this dead letter (<partition>:<offset>, or with --partition)')
    .option('--partition <n>', 'partition of --offset')
    .option('--dry-run', 'show what would be retried, publish nothing')
    .action(async (topic: string, opts: { tenant?: string; offset?: string; partition?: string; dryRun?: boolean }) => {
      const where = opts.offset ? parseOffsetArg(opts.offset, opts.partition) : undefined;
      const records = await findDeadLetters(ctx, dlqTopicFor(topic), where, { tenant: opts.tenant, requireOne: !!where });
      const planned = await withoutSuperseded(ctx, records.map((from) => ({ from, action: retryActionOf(from, (t) => ctx.logicalTopic(t)) })));
      const at = (r: ReadRecord) => `${ctx.logicalTopic(r.topic)} ${r.partition}:${r.offset}`;
      const resyncTenants = [...new Set(planned.flatMap((p) => (p.action.kind === 'resync' ? [p.action.tenant] : [])))];
      const requests = resyncTenants.map((tenant) => syncRequestOf(tenant, 'full', `ops:${ctx.env.USER ?? 'unknown'} (dlq retry)`, new Date()));
      if (!opts.dryRun && planned.length > 0) {
        const publisher = await ctx.publisher();
        for (const { action } of planned) {
          if (action.kind === 'republish') await publisher.publishRaw(action.topic, [action.record]); // one by one keeps the DLQ's order
        }
        for (const request of requests) {
          await publisher.publish<SyncRequest>(ctx.topic(Topics.syncRequests), [
            { key: `${request.tenant}|${request.runId}`, value: request, tenant: request.tenant, syncRun: request.runId },
          ]);
        }
      }
      const tenantOf = (r: ReadRecord) => headerText(r.headers, DlqHeader.tenant) ?? null;
      const retried = planned.flatMap(({ from, action }) => (action.kind === 'republish' ? [{ deadLetter: at(from), to: ctx.logicalTopic(action.topic), tenant: tenantOf(from) }] : []));
      const resynced = planned.flatMap(({ from, action }) => (action.kind === 'resync'
        ? [{ deadLetter: at(from), tenant: action.tenant, sourcedId: action.sourcedId, runId: requests.find((q) => q.tenant === action.tenant)!.runId }] : []));
      const skipped = planned.flatMap(({ from, action }) => (action.kind === 'skip' ? [{ deadLetter: at(from), tenant: tenantOf(from), reason: action.reason }] : []));
      ctx.logger.info('dead letters retried', { count: retried.length, resynced: resynced.length, skipped: skipped.length, dryRun: !!opts.dryRun });
      ctx.out({ dryRun: !!opts.dryRun, retried, resynced, skipped }, () => formatRetry({ dryRun: !!opts.dryRun, retried, resynced, skipped }));
    });
}

function formatRetry(r: {
  dryRun: boolean;
  retried: { deadLetter: string; to: string }[];
  resynced: { deadLetter: string; tenant: string; sourcedId: string | null; runId: string }[];
  skipped: { deadLetter: string; reason: string }[];
}): string {
  if (r.retried.length + r.resynced.length + r.skipped.length === 0) return 'No matching dead letters.';
  const lines: string[] = [];
  if (r.retried.length > 0) {
    lines.push(`${r.dryRun ? 'Would retry' : 'Retried'} ${r.retried.length} dead letter(s):`, ...r.retried.map((x) => `  ${x.deadLetter} -> ${x.to}`));
  }
  if (r.resynced.length > 0) {
    const runs = [...new Map(r.resynced.map((x) => [x.tenant, x.runId])).entries()];
    lines.push(`${r.resynced.length} invalid IC record(s) the extractor dead-lettered are read again by a full sync ` +
      `(${r.dryRun ? 'would request' : 'requested'}: ${runs.map(([tenant, runId]) => `${tenant} run ${runId}`).join(', ')}); ` +
      'still invalid in the SIS, they come back to the DLQ:', ...r.resynced.map((x) => `  ${x.deadLetter} ${x.sourcedId ?? ''}`.trimEnd()));
  }
  if (r.skipped.length > 0) lines.push(`Left ${r.skipped.length} dead letter(s) on the DLQ:`, ...r.skipped.map((x) => `  ${x.deadLetter}: ${x.reason}`));
  return lines.join('\n');
}

/**
 * Turns into skips the republishes that would replace a newer version of their key on a compacted topic (read from
 * the topic now: the latest record of each key concerned).
 */
async function withoutSuperseded(ctx: OpsContext, planned: { from: ReadRecord; action: RetryAction }[]): Promise<{ from: ReadRecord; action: RetryAction }[]> {
  const wanted = new Set<string>();
  for (const { action } of planned) {
    if (action.kind === 'republish' && action.record.key && isCompactedTopic(ctx.logicalTopic(action.topic))) wanted.add(`${action.topic}|${action.record.key.toString()}`);
  }
  if (wanted.size === 0) return planned;
  const topics = [...new Set([...wanted].map((w) => w.slice(0, w.indexOf('|'))))];
  const latest = new Map<string, LatestVersion>();
  const onTopics = await readTopicsToEnd(ctx.kafka(), topics, {
    groupId: ctx.group(`ops.dlq.latest.${process.pid}.${Date.now()}`),
    filter: (r) => r.key !== null && wanted.has(`${r.topic}|${r.key.toString()}`),
  });
  for (const r of onTopics) latest.set(`${r.topic}|${r.key!.toString()}`, { partition: r.partition, offset: r.offset, timestamp: r.timestamp });
  return planned.map(({ from, action }) => {
    if (action.kind !== 'republish' || !action.record.key) return { from, action };
    const originalTopic = ctx.logicalTopic(action.topic);
    const reason = newerVersionReason(from, latest.get(`${action.topic}|${action.record.key.toString()}`), originalTopic);
    return { from, action: reason ? { kind: 'skip', originalTopic, reason } : action };
  });
}

/** Every *.dlq topic of this deployment (TOPIC_PREFIX), sorted. */
export async function allDlqTopics(ctx: OpsContext): Promise<string[]> {
  const admin = ctx.kafka().admin();
  await admin.connect();
  try {
    const prefix = ctx.topic('');
    return (await admin.listTopics()).filter((t) => t.startsWith(prefix) && t.endsWith('.dlq')).sort();
  } finally {
    await admin.disconnect();
  }
}

/** The dead letters on `topics`, optionally of one tenant (tenant header). */
export function readDeadLetters(ctx: OpsContext, topics: string[], filter: { tenant?: string }): Promise<ReadRecord[]> {
  return readTopicsToEnd(ctx.kafka(), topics, {
    groupId: ctx.group(`ops.dlq.${process.pid}.${Date.now()}`),
    filter: (r) => !filter.tenant || headerText(r.headers, DlqHeader.tenant) === filter.tenant,
  });
}

async function findDeadLetters(
  ctx: OpsContext,
  dlqTopic: string,
  where: { partition?: number; offset: string } | undefined,
  options: { tenant?: string; requireOne: boolean },
): Promise<ReadRecord[]> {
  const all = await readDeadLetters(ctx, [ctx.topic(dlqTopic)], { tenant: options.tenant });
  const matches = where
    ? all.filter((r) => r.offset === where.offset && (where.partition === undefined || r.partition === where.partition))
    : all;
  if (options.requireOne && matches.length === 0) {
    throw new UserError(`no dead letter at ${dlqTopic} ${where?.partition ?? '*'}:${where?.offset}` +
      `${options.tenant ? ` for tenant ${options.tenant}` : ''}; list them with \`ops dlq list --topic ${dlqTopic}\``);
  }
  if (options.requireOne && matches.length > 1) {
    throw new UserError(`offset ${where?.offset} exists on partitions ${matches.map((r) => r.partition).join(', ')} of ${dlqTopic}; ` +
      'give it as <partition>:<offset> or add --partition');
  }
  return matches;
}
