import type { StallReport } from '@rp/messaging';
import { activeStalls, formatStall, stallSection } from './active-stalls';

const NOW = new Date('2026-12-07T03:10:00Z');
const report = (over: Partial<StallReport>): StallReport => ({
  tenant: 'acme', stage: 'gradebook-writer', instance: 'pod-a:7', cause: 'ic', since: '2026-12-07T03:00:00.000Z',
  at: '2026-12-07T03:09:50.000Z', attempts: 20, keys: 1, lastError: 'tenant acme: OneRoster PUT results/r1: 503', resumedAt: null, ...over,
});

describe('activeStalls', () => {
  it.each<[string, StallReport[], string[]]>([
    ['a stall still reported', [report({})], ['acme gradebook-writer pod-a:7']],
    ['a stall that resumed (its latest report says so)', [report({}), report({ at: '2026-12-07T03:09:55.000Z', resumedAt: '2026-12-07T03:09:55.000Z' })], []],
    ['an older report after the resume does not bring it back', [report({ at: '2026-12-07T03:09:55.000Z', resumedAt: '2026-12-07T03:09:55.000Z' }), report({})], []],
    ['replicas report separately: one resumed, one still waiting',
      [report({}), report({ instance: 'pod-b:9' }), report({ instance: 'pod-b:9', at: '2026-12-07T03:09:58.000Z', resumedAt: '2026-12-07T03:09:58.000Z' })],
      ['acme gradebook-writer pod-a:7']],
    ['oldest first, across tenants and stages',
      [report({ tenant: 'globex', stage: 'loader', cause: 'canvas', since: '2026-12-07T02:00:00.000Z' }), report({})],
      ['globex loader pod-a:7', 'acme gradebook-writer pod-a:7']],
  ])('%s', (_case, reports, expected) => {
    expect(activeStalls(reports, NOW).map((s) => `${s.tenant} ${s.stage} ${s.instance}`)).toEqual(expected);
  });

  it('filters by tenant and stage', () => {
    const reports = [report({}), report({ tenant: 'globex' }), report({ stage: 'loader' })];
    expect(activeStalls(reports, NOW, { tenant: 'acme', stage: (s) => s.startsWith('gradebook') }).map((s) => `${s.tenant} ${s.stage}`))
      .toEqual(['acme gradebook-writer']);
  });
});

describe('formatStall', () => {
  it('says since when, what for, and the last error', () => {
    const [stall] = activeStalls([report({ keys: 2 })], NOW);
    expect(formatStall(stall, NOW)).toBe('gradebook-writer of tenant acme stalled since 2026-12-07T03:00:00.000Z (10 min): ' +
      'waiting for ic (2 keys, 20 retries, pod-a:7) — tenant acme: OneRoster PUT results/r1: 503');
  });

  it('flags a report its instance stopped refreshing', () => {
    const [stall] = activeStalls([report({ at: '2026-12-07T03:05:00.000Z' })], NOW);
    expect(stall.silent).toBe(true);
    expect(formatStall(stall, NOW)).toContain('no report since 2026-12-07T03:05:00.000Z — the instance may have stopped');
  });

  it('adds nothing when no stall goes on', () => {
    expect(stallSection([], NOW, 'stalled now:')).toEqual([]);
  });
});
