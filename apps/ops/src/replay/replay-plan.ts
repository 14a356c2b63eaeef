import type { IHeaders } from '@rp/messaging';
import { CANVAS_ENTITY_TYPES, ONEROSTER_ENTITY_TYPES, canvasTopic, oneRosterTopic } from '@rp/messaging';
import type { ReadRecord } from '../kafka/topic-reader';
import { UserError } from '../ops-errors';

/** Headers a replayed record carries on top of its original ones. */
export const ReplayHeader = { id: 'replay-id', force: 'replay-force' } as const;

export const REPLAY_STAGES = ['oneroster', 'canvas'] as const;
export type ReplayStage = (typeof REPLAY_STAGES)[number];

export interface ReplayArgs {
  tenant: string;
  stage: ReplayStage;
  /** Only records with a Kafka timestamp at or after this instant (ms since epoch). */
  sinceMs?: number;
  force: boolean;
}

/** Validates the flags of `ops replay`; every mistake is a UserError naming the fix. */
export function parseReplayArgs(opts: { tenant?: string; stage?: string; since?: string; force?: boolean }): ReplayArgs {
  const tenant = opts.tenant?.trim();
  if (!tenant) throw new UserError('--tenant <id> is required (see `ops tenants list`)');
  if (tenant.includes('|')) throw new UserError(`tenant id "${tenant}" cannot contain "|"`);
  const stage = opts.stage?.trim();
  if (!stage || !(REPLAY_STAGES as readonly string[]).includes(stage)) {
    throw new UserError(`unknown stage "${stage ?? ''}"; use --stage ${REPLAY_STAGES.join(' or ')}`);
  }
  let sinceMs: number | undefined;
  if (opts.since !== undefined) {
    sinceMs = /^\d{4}-\d{2}-\d{2}/.test(opts.since) ? Date.parse(opts.since) : NaN;
    if (Number.isNaN(sinceMs)) throw new UserError(`--since "${opts.since}" is not an ISO time; e.g. --since 2026-11-28T09:00:00Z`);
  }
  return { tenant, stage: stage as ReplayStage, sinceMs, force: !!opts.force };
}

/** The compacted topics of a stage (logical names, without TOPIC_PREFIX). */
export function stageTopics(stage: ReplayStage): string[] {
  return stage === 'oneroster' ? ONEROSTER_ENTITY_TYPES.map(oneRosterTopic) : CANVAS_ENTITY_TYPES.map(canvasTopic);
}

/** True when the record belongs to the tenant (key `tenant|…`) and is recent enough. */
export function replayFilter(args: Pick<ReplayArgs, 'tenant' | 'sinceMs'>): (record: ReadRecord) => boolean {
  const prefix = Buffer.from(`${args.tenant}|`);
  return (record) =>
    record.key !== null &&
    record.key.subarray(0, prefix.length).equals(prefix) &&
    (args.sinceMs === undefined || Number(record.timestamp) >= args.sinceMs);
}

/**
 * The latest record per (topic, key), in the order they were read (compaction may not have run yet, so older
 * versions of a key can still be on the topic). Tombstones are kept: they are the latest state of their key.
 */
export function latestPerKey(records: readonly ReadRecord[]): ReadRecord[] {
  const latest = new Map<string, ReadRecord>();
  for (const r of records) {
    const id = `${r.topic}\u0000${r.key?.toString('binary') ?? ''}`;
    const seen = latest.get(id);
    const newer = !seen || (r.partition === seen.partition ? BigInt(r.offset) > BigInt(seen.offset) : Number(r.timestamp) >= Number(seen.timestamp));
    if (newer) {
      latest.set(id, r);
    }
  }
  return [...latest.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Original headers plus `replay-id` (and `replay-force: true` with force); earlier replay headers are replaced. */
export function replayHeaders(original: IHeaders, replayId: string, force: boolean): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(original)) {
    if (name !== ReplayHeader.id && name !== ReplayHeader.force && value !== undefined) headers[name] = value;
  }
  headers[ReplayHeader.id] = replayId;
  if (force) headers[ReplayHeader.force] = 'true';
  return headers;
}

export interface TopicReplayCount {
  topic: string;
  read: number;
  kept: number;
  republished: number;
}

/** Per-topic counts for the completion report (every topic of the stage, also those with nothing of the tenant). */
export function replayCounts(topics: readonly string[], read: readonly ReadRecord[], kept: readonly ReadRecord[], published: boolean): TopicReplayCount[] {
  const count = (rs: readonly ReadRecord[], t: string) => rs.filter((r) => r.topic === t).length;
  return topics.map((topic) => {
    const k = count(kept, topic);
    return { topic, read: count(read, topic), kept: k, republished: published ? k : 0 };
  });
}
