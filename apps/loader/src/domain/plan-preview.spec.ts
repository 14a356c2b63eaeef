import type { LoaderRow } from './loader-row';
import { previewGroups } from './plan-preview';

const row = (canvasType: string, sisId: string, school: string | null, status = 'active', op = 'upsert'): LoaderRow =>
  ({ canvasType, sisId, school, op, hash: 'h', row: { status } });

describe('plan preview groups', () => {
  const applied = new Set(['user|U1', 'enrollment|C1:U1:student', 'enrollment|C1:U2:student']);
  const groups = previewGroups([
    row('enrollment', 'C1:U1:student', 'S1', 'deleted'), // drop of an applied entity
    row('enrollment', 'C1:U2:student', 'S1', 'completed'), // a drop too (destructive status)
    row('enrollment', 'C1:U3:student', 'S1'), // new
    row('user', 'U1', 'S1'), // applied: update
    row('user', 'U9', 'S2', 'active', 'delete'), // a delete op is a drop
    row('account', 'S3', null),
  ], (key) => applied.has(key));

  it.each([
    ['account', null, { creates: 1, updates: 0, drops: 0 }],
    ['enrollment', 'S1', { creates: 1, updates: 0, drops: 2 }],
    ['user', 'S1', { creates: 0, updates: 1, drops: 0 }],
    ['user', 'S2', { creates: 0, updates: 0, drops: 1 }],
  ] as const)('%s in school %s', (canvasType, school, counts) => {
    expect(groups.find((g) => g.canvasType === canvasType && g.school === school)).toEqual(expect.objectContaining(counts));
  });

  it('orders groups by type and school and names samples of each change', () => {
    expect(groups.map((g) => `${g.canvasType}@${g.school ?? '-'}`)).toEqual(['account@-', 'enrollment@S1', 'user@S1', 'user@S2']);
    expect(groups[1].samples).toEqual({ creates: ['C1:U3:student'], updates: [], drops: ['C1:U1:student', 'C1:U2:student'] });
  });

  it('keeps at most five samples per change', () => {
    const many = previewGroups(Array.from({ length: 8 }, (_, i) => row('user', `U${i}`, 'S1', 'deleted')), () => true);
    expect(many[0]).toEqual(expect.objectContaining({ drops: 8, samples: expect.objectContaining({ drops: ['U0', 'U1', 'U2', 'U3', 'U4'] }) }));
  });
});
