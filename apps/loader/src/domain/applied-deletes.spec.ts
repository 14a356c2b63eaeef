import { appliedDeletesToTombstone } from './applied-deletes';

const item = (canvasType: string, sisId: string, op: string) => ({ canvasType, sisId, op });

describe('appliedDeletesToTombstone: a Canvas key is tombstoned once Canvas applied its delete', () => {
  it.each([
    ['an applied user delete', [item('user', 'stu-1', 'delete')], [], [{ canvasType: 'user', sisId: 'stu-1' }]],
    ['an applied upsert keeps its record', [item('user', 'stu-2', 'upsert')], [], []],
    ['a delete whose entity has a newer pending version keeps it', [item('enrollment', 'cls-1:stu-1:student', 'delete')], ['enrollment|cls-1:stu-1:student'], []],
    ['only the deletes of a mixed import', [item('user', 'stu-1', 'delete'), item('course', 'c-1', 'upsert'), item('enrollment', 'e', 'delete')], [],
      [{ canvasType: 'user', sisId: 'stu-1' }, { canvasType: 'enrollment', sisId: 'e' }]],
  ])('%s', (_case, applied, pending, expected) => {
    expect(appliedDeletesToTombstone(applied, new Set(pending))).toEqual(expected);
  });
});
