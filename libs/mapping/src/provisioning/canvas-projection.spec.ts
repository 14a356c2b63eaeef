import { canvasProjection, projectionKey, rowAsStrings, sourceKeys, uniqueProjections } from './canvas-projection';

const sources = [{ type: 'enrollment' as const, sourcedId: 'e-1' }, { type: 'user' as const, sourcedId: 'u-1' }];
const enrollmentProjection = canvasProjection(
  'enrollment', 's-1:u-1:student',
  { section_id: 's-1', user_id: 'u-1', role: 'student', status: 'active', course_id: undefined, notify: false },
  'upsert', sources, 'sch-1',
);

describe('canvas projections', () => {
  it('drop undefined columns, key by type and sis id, and list lineage as kind:sourcedId', () => {
    expect(enrollmentProjection.row).not.toHaveProperty('course_id');
    expect(projectionKey(enrollmentProjection)).toBe('enrollment|s-1:u-1:student');
    expect(sourceKeys(enrollmentProjection)).toEqual(['enrollment:e-1', 'user:u-1']);
  });

  it('render rows as CSV strings for the canvas.* records', () => {
    expect(rowAsStrings(enrollmentProjection)).toEqual({ section_id: 's-1', user_id: 'u-1', role: 'student', status: 'active', notify: 'false' });
  });

  it('deduplicate by key, keeping the last', () => {
    const deleted = { ...enrollmentProjection, op: 'delete' as const };
    expect(uniqueProjections([enrollmentProjection, deleted])).toEqual([deleted]);
  });
});
