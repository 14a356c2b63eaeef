import { canvasProjection } from './canvas-projection';
import { retractedProjections } from './projection-diff';

const sources = [{ type: 'enrollment' as const, sourcedId: 'e-1' }];
const asTeacher = canvasProjection('enrollment', 'cls-1:t-1:teacher', { section_id: 'cls-1', user_id: 't-1', role: 'teacher', status: 'active' }, 'upsert', sources, 'sch-1');
const asTa = canvasProjection('enrollment', 'cls-1:t-1:ta', { section_id: 'cls-1', user_id: 't-1', role: 'ta', status: 'active' }, 'upsert', sources, 'sch-1');

describe('retractedProjections', () => {
  it('deletes what the entity no longer projects (teacher became a secondary teacher mapped to ta)', () => {
    expect(retractedProjections([asTeacher], [asTa])).toEqual([{ ...asTeacher, op: 'delete', row: { ...asTeacher.row, status: 'deleted' } }]);
  });

  it('keeps what is still projected, and does not repeat deletions', () => {
    expect(retractedProjections([asTeacher], [asTeacher])).toEqual([]);
    expect(retractedProjections([{ ...asTeacher, op: 'delete' }], [])).toEqual([]);
  });
});
