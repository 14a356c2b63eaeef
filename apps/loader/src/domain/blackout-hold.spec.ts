import { holdDestructiveDuringBlackout } from './blackout-hold';
import type { LoaderRow } from './loader-row';

const enrollment = (id: string, status: string, approved = false): LoaderRow => ({
  canvasType: 'enrollment', sisId: id, row: { section_id: 'C1', user_id: id, role: 'student', status },
  op: status === 'active' ? 'upsert' : 'delete', hash: `h-${id}-${status}`, school: 'S1', approved,
});
const user = (id: string, status: string): LoaderRow => ({
  canvasType: 'user', sisId: id, row: { user_id: id, status }, op: status === 'deleted' ? 'delete' : 'upsert', hash: `h-${id}`, school: 'S1',
});

describe('a holdDestructive blackout in the loader', () => {
  const schedule = {
    timeZone: 'America/Chicago',
    blackouts: [
      { from: '2027-01-04', to: '2027-01-08', mode: 'holdDestructive', reason: 'exam week' },
      { from: '2026-12-21', to: '2027-01-03', mode: 'noRuns' },
    ],
  };
  const batch = [enrollment('drop', 'deleted'), enrollment('done', 'completed'), enrollment('new', 'active'), user('gone', 'deleted'), user('renamed', 'active'), enrollment('ok', 'deleted', true)];

  it.each([
    ['the evening before it (local)', '2027-01-04T05:59:00Z', []],
    ['its first local minute: every unapproved drop and deletion held', '2027-01-04T06:00:00Z', ['drop', 'done', 'gone']],
    ['its last local day', '2027-01-09T05:59:00Z', ['drop', 'done', 'gone']],
    ['lifted after it', '2027-01-09T06:00:00Z', []],
    ['a noRuns blackout holds nothing itself (no run starts; rows already pending go on)', '2026-12-25T12:00:00Z', []],
  ])('%s', (_, now, held) => {
    const decision = holdDestructiveDuringBlackout('acme', batch, schedule, new Date(now));
    expect(decision.held.map((r) => r.sisId)).toEqual(held);
    expect(decision.proceed.map((r) => r.sisId)).toEqual(batch.map((r) => r.sisId).filter((id) => !held.includes(id)));
    expect(decision.blackout).toBe(held.length > 0 ? '2027-01-04..2027-01-08 (holdDestructive: exam week)' : undefined);
  });

  it('holds nothing for a tenant without blackouts', () => {
    expect(holdDestructiveDuringBlackout('acme', batch, {}, new Date('2027-01-05T12:00:00Z')).held).toEqual([]);
  });
});
