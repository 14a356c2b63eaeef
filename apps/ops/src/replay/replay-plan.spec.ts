import type { ReadRecord } from '../kafka/topic-reader';
import { UserError } from '../ops-errors';
import { ReplayHeader, latestPerKey, parseReplayArgs, replayCounts, replayFilter, replayHeaders, stageTopics } from './replay-plan';

const rec = (over: Omit<Partial<ReadRecord>, 'key'> & { key: string | null }): ReadRecord => ({
  topic: 'canvas.users', partition: 0, offset: '0', timestamp: '1000', value: Buffer.from('v'), headers: {},
  ...over, key: over.key === null ? null : Buffer.from(over.key),
});

describe('parseReplayArgs', () => {
  it('accepts a tenant, a stage, --since and --force', () => {
    expect(parseReplayArgs({ tenant: 'acme', stage: 'canvas', since: '2026-11-28T09:00:00Z', force: true }))
      .toEqual({ tenant: 'acme', stage: 'canvas', sinceMs: Date.parse('2026-11-28T09:00:00Z'), force: true });
    expect(parseReplayArgs({ tenant: 'acme', stage: 'oneroster' })).toEqual({ tenant: 'acme', stage: 'oneroster', sinceMs: undefined, force: false });
  });

  it.each([
    [{ stage: 'canvas' }, /--tenant <id> is required/],
    [{ tenant: 'a|b', stage: 'canvas' }, /cannot contain "\|"/],
    [{ tenant: 'acme', stage: 'loader' }, /unknown stage "loader"; use --stage oneroster or canvas/],
    [{ tenant: 'acme', stage: 'canvas', since: 'yesterday' }, /--since "yesterday" is not an ISO time/],
    [{ tenant: 'acme', stage: 'canvas', since: '2026-13-45T99:00Z' }, /not an ISO time/],
  ])('refuses %j with a helpful UserError', (opts, message) => {
    expect(() => parseReplayArgs(opts)).toThrow(UserError);
    expect(() => parseReplayArgs(opts)).toThrow(message);
  });
});

describe('stageTopics', () => {
  it('lists the compacted entity topics of each stage', () => {
    expect(stageTopics('canvas')).toEqual(expect.arrayContaining(['canvas.users', 'canvas.enrollments', 'canvas.courses']));
    expect(stageTopics('canvas').every((t) => t.startsWith('canvas.'))).toBe(true);
    expect(stageTopics('oneroster')).toEqual(expect.arrayContaining(['oneroster.users', 'oneroster.enrollments']));
    expect(stageTopics('oneroster').every((t) => t.startsWith('oneroster.'))).toBe(true);
  });
});

describe('replayFilter', () => {
  it("keeps only the tenant's keys (not a tenant whose id merely starts the same) at or after --since", () => {
    const keep = replayFilter({ tenant: 'acme', sinceMs: 2000 });
    expect(keep(rec({ key: 'acme|user|u1', timestamp: '2000' }))).toBe(true);
    expect(keep(rec({ key: 'acme|user|u1', timestamp: '1999' }))).toBe(false);
    expect(keep(rec({ key: 'acme2|user|u1', timestamp: '3000' }))).toBe(false);
    expect(keep(rec({ key: 'other|user|u1', timestamp: '3000' }))).toBe(false);
    expect(keep(rec({ key: null }))).toBe(false);
    expect(replayFilter({ tenant: 'acme' })(rec({ key: 'acme|x', timestamp: '0' }))).toBe(true);
  });
});

describe('latestPerKey', () => {
  it('keeps the last version of each key per topic, tombstones included, in topic/partition/offset order', () => {
    const kept = latestPerKey([
      rec({ key: 'acme|user|u1', offset: '1', value: Buffer.from('old') }),
      rec({ key: 'acme|user|u2', offset: '2' }),
      rec({ key: 'acme|user|u1', offset: '3', value: Buffer.from('new') }),
      rec({ key: 'acme|user|u2', offset: '4', value: null }),
      rec({ key: 'acme|user|u1', topic: 'canvas.enrollments', offset: '0' }),
    ]);
    expect(kept.map((r) => [r.topic, r.key?.toString(), r.offset])).toEqual([
      ['canvas.enrollments', 'acme|user|u1', '0'],
      ['canvas.users', 'acme|user|u1', '3'],
      ['canvas.users', 'acme|user|u2', '4'],
    ]);
    expect(kept[1].value?.toString()).toBe('new');
    expect(kept[2].value).toBeNull();
  });

  it('compares offsets numerically, not as text', () => {
    const kept = latestPerKey([rec({ key: 'acme|k', offset: '10', value: Buffer.from('ten') }), rec({ key: 'acme|k', offset: '9' })]);
    expect(kept.map((r) => r.value?.toString())).toEqual(['ten']);
  });
});

describe('replayHeaders', () => {
  it('keeps the original headers and adds replay-id, and replay-force only when forced', () => {
    const original = { tenant: Buffer.from('acme'), 'sync-run': 'r1' };
    expect(replayHeaders(original, 'rp-1', false)).toEqual({ tenant: Buffer.from('acme'), 'sync-run': 'r1', [ReplayHeader.id]: 'rp-1' });
    expect(replayHeaders(original, 'rp-1', true)).toEqual({
      tenant: Buffer.from('acme'), 'sync-run': 'r1', [ReplayHeader.id]: 'rp-1', [ReplayHeader.force]: 'true',
    });
  });

  it('replaces the headers of an earlier replay (a replayed-then-replayed record is not forced by accident)', () => {
    const earlier = { [ReplayHeader.id]: 'old', [ReplayHeader.force]: 'true', tenant: 'acme' };
    expect(replayHeaders(earlier, 'new', false)).toEqual({ tenant: 'acme', [ReplayHeader.id]: 'new' });
  });
});

describe('replayCounts', () => {
  it('reports read, kept and republished for every topic of the stage', () => {
    const read = [rec({ key: 'acme|a', offset: '0' }), rec({ key: 'acme|a', offset: '1' })];
    const kept = latestPerKey(read);
    expect(replayCounts(['canvas.users', 'canvas.courses'], read, kept, true)).toEqual([
      { topic: 'canvas.users', read: 2, kept: 1, republished: 1 },
      { topic: 'canvas.courses', read: 0, kept: 0, republished: 0 },
    ]);
  });
});
