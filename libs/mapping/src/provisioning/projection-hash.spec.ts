import { canvasProjection } from './canvas-projection';
import { projectionHash } from './projection-hash';

const row = { course_id: 'c-1', short_name: 'ALG', long_name: 'Algebra', status: 'active' as const };
const base = canvasProjection('course', 'c-1', row, 'upsert', [{ type: 'class', sourcedId: 'c-1' }], 'sch-1');

describe('projectionHash', () => {
  it('is a sha256 hex digest, independent of key order', () => {
    const reordered = canvasProjection('course', 'c-1', { status: 'active', long_name: 'Algebra', short_name: 'ALG', course_id: 'c-1' }, 'upsert', [{ type: 'class', sourcedId: 'c-1' }], 'sch-1');
    expect(projectionHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(projectionHash(reordered)).toBe(projectionHash(base));
  });

  it('ignores lineage (the same Canvas row projected from another class is the same change)', () => {
    expect(projectionHash({ ...base, sources: [{ type: 'class', sourcedId: 'c-2' }] })).toBe(projectionHash(base));
  });

  it('ignores undefined optional columns', () => {
    expect(projectionHash(canvasProjection('course', 'c-1', { ...row, term_id: undefined }, 'upsert', [], 'sch-1'))).toBe(projectionHash(base));
  });

  it.each([
    ['a row value', { ...base, row: { ...row, long_name: 'Algebra I' } }],
    ['the status', { ...base, row: { ...row, status: 'deleted' as const } }],
    ['the op', { ...base, op: 'delete' as const }],
    ['the key', { ...base, sisId: 'c-2' }],
    ['the school', { ...base, schoolSourcedId: 'sch-2' }],
  ])('changes when %s changes', (_what, changed) => {
    expect(projectionHash(changed)).not.toBe(projectionHash(base));
  });
});
