import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { ReadRecord, endOffsets, readTopicsToEnd } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';
import { ReplayArgs, TopicReplayCount, latestPerKey, parseReplayArgs, replayCounts, replayFilter, replayHeaders, stageTopics } from '../replay/replay-plan';

export interface ReplayReport {
  replayId: string;
  tenant: string;
  stage: string;
  force: boolean;
  since: string | null;
  topics: TopicReplayCount[];
  republished: number;
}

/** `ops replay`: re-drives a tenant's latest records of a stage through the idempotent pipeline (see DESIGN.md §6). */
export function registerReplayCommand(program: Command, ctx: OpsContext): void {
  program
    .command('replay')
    .description("republish a tenant's latest records of a stage (oneroster.* or canvas.*) through the same idempotent path")
    .requiredOption('--tenant <id>', 'tenant to replay')
    .requiredOption('--stage <stage>', 'oneroster (re-transform) or canvas (re-load)')
    .option('--since <iso>', 'only records written at or after this ISO time')
    .option('--force', 're-emit and re-apply even when hashes are unchanged (restores a wiped Canvas)')
    .action(async (opts: { tenant?: string; stage?: string; since?: string; force?: boolean }) => {
      const args = parseReplayArgs(opts);
      await (await ctx.tenants()).get(args.tenant); // unknown tenant → exit 1 naming it
      const report = await replay(ctx, args, (line) => {
        if (!ctx.json) process.stderr.write(`${line}\n`);
      });
      ctx.out(report, formatReplayReport);
    });
}

/** Reads, keeps the latest per key and republishes; `progress` gets human lines while reading. */
export async function replay(ctx: OpsContext, args: ReplayArgs, progress: (line: string) => void): Promise<ReplayReport> {
  const replayId = randomUUID();
  const logical = stageTopics(args.stage);
  const deployed = logical.map((t) => ctx.topic(t));
  const kafka = ctx.kafka();
  const ends = await endOffsets(kafka, deployed);
  const totals = new Map([...ends].map(([topic, parts]) => [topic, [...parts.values()].reduce((a, b) => a + b, 0n)]));
  const seen = new Map<string, number>();
  const matches = replayFilter(args);
  const read = await readTopicsToEnd(kafka, deployed, {
    groupId: ctx.group(`rp.ops.replay.${args.tenant}.${replayId}`),
    timeoutMs: 10 * 60_000,
    filter: (record: ReadRecord) => {
      const n = (seen.get(record.topic) ?? 0) + 1;
      seen.set(record.topic, n);
      const total = Number(totals.get(record.topic) ?? 0n);
      if (n % 5000 === 0 || n === total) progress(`  ${ctx.logicalTopic(record.topic)}: ${n} records scanned (${total ? Math.round((100 * n) / total) : 100}%)`);
      return matches(record);
    },
  });
  const kept = latestPerKey(read);
  if (kept.length > 0) {
    const publisher = await ctx.publisher();
    for (const topic of deployed) {
      const batch = kept.filter((r) => r.topic === topic).map((r) => ({ key: r.key, value: r.value, headers: replayHeaders(r.headers, replayId, args.force) }));
      if (batch.length > 0) await publisher.publishRaw(topic, batch);
    }
  }
  const counts = replayCounts(deployed, read, kept, true).map((c) => ({ ...c, topic: ctx.logicalTopic(c.topic) }));
  ctx.logger.info('replay published', { replayId, tenant: args.tenant, stage: args.stage, republished: kept.length });
  return {
    replayId,
    tenant: args.tenant,
    stage: args.stage,
    force: args.force,
    since: args.sinceMs === undefined ? null : new Date(args.sinceMs).toISOString(),
    topics: counts,
    republished: kept.length,
  };
}

export function formatReplayReport(r: ReplayReport): string {
  const rows = r.topics.map((t) => `  ${t.topic.padEnd(28)} read ${String(t.read).padStart(7)}  kept ${String(t.kept).padStart(7)}  republished ${String(t.republished).padStart(7)}`);
  return [
    `Replay ${r.replayId} of tenant ${r.tenant} at the ${r.stage} stage${r.force ? ' (forced)' : ''}${r.since ? ` since ${r.since}` : ''}:`,
    ...rows,
    `Republished ${r.republished} record(s).`,
    r.force
      ? 'Forced: downstream re-emits/re-applies them even when unchanged.'
      : 'Not forced: unchanged records are dropped downstream by their hashes, so nothing changes unless something drifted.',
    `Follow it with \`ops runs --tenant ${r.tenant}\` and the loader's load results (canvas.load-results).`,
  ].join('\n');
}
