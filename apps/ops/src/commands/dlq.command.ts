import { Command } from 'commander';
import { DlqHeader, headerText } from '@rp/messaging';
import { ReadRecord, readTopicsToEnd } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { deadLetterView, dlqTopicFor, formatDeadLetter, formatDeadLetterList, parseOffsetArg, retryOf } from '../dlq/dead-letter-view';

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
    .description('republish dead letters to their original topic (original key, bytes and headers without dlq-*)')
    .option('--tenant <id>', 'only this tenant')
    .option('--offset <offset>', 'only this dead letter (<partition>:<offset>, or with --partition)')
    .option('--partition <n>', 'partition of --offset')
    .option('--dry-run', 'show what would be retried, publish nothing')
    .action(async (topic: string, opts: { tenant?: string; offset?: string; partition?: string; dryRun?: boolean }) => {
      const where = opts.offset ? parseOffsetArg(opts.offset, opts.partition) : undefined;
      const records = await findDeadLetters(ctx, dlqTopicFor(topic), where, { tenant: opts.tenant, requireOne: !!where });
      const retries = records.map((r) => ({ from: r, ...retryOf(r) }));
      if (!opts.dryRun && retries.length > 0) {
        const publisher = await ctx.publisher();
        for (const r of retries) await publisher.publishRaw(r.topic, [r.record]); // one by one keeps the DLQ's order
      }
      const retried = retries.map((r) => ({
        deadLetter: `${ctx.logicalTopic(r.from.topic)} ${r.from.partition}:${r.from.offset}`,
        to: ctx.logicalTopic(r.topic),
        tenant: headerText(r.from.headers, DlqHeader.tenant) ?? null,
      }));
      ctx.logger.info('dead letters retried', { count: retried.length, dryRun: !!opts.dryRun });
      const verb = opts.dryRun ? 'Would retry' : 'Retried';
      ctx.out({ dryRun: !!opts.dryRun, retried }, () =>
        retried.length === 0
          ? 'No matching dead letters.'
          : [`${verb} ${retried.length} dead letter(s):`, ...retried.map((r) => `  ${r.deadLetter} -> ${r.to}`)].join('\n'),
      );
    });
}

async function allDlqTopics(ctx: OpsContext): Promise<string[]> {
  const admin = ctx.kafka().admin();
  await admin.connect();
  try {
    const prefix = ctx.topic('');
    return (await admin.listTopics()).filter((t) => t.startsWith(prefix) && t.endsWith('.dlq')).sort();
  } finally {
    await admin.disconnect();
  }
}

function readDeadLetters(ctx: OpsContext, topics: string[], filter: { tenant?: string }): Promise<ReadRecord[]> {
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
