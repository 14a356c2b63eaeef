import { CanvasRowError, decodeCanvasRow, encodeCanvasRow, sisKindOf } from './canvas-row.codec';

describe('a Canvas row on the wire', () => {
  it('goes out as cell text and comes back as the same typed row', () => {
    const row = { section_id: 's-1', user_id: 'u-1', role: 'student', status: 'active' as const, notify: false };
    const cells = encodeCanvasRow(row);
    expect(cells).toEqual({ section_id: 's-1', user_id: 'u-1', role: 'student', status: 'active', notify: 'false' });
    expect(decodeCanvasRow('enrollment', cells)).toEqual({ canvasType: 'enrollment', row });
  });

  it('leaves unset columns out of the cells', () => {
    expect(encodeCanvasRow({ term_id: 'T1', name: 'Fall', status: 'active', start_date: undefined })).toEqual({ term_id: 'T1', name: 'Fall', status: 'active' });
  });

  it.each([
    ['a status the file does not accept', 'course', { course_id: 'C1', short_name: 'M', long_name: 'Math', status: 'archived' }, 'status "archived" is not one of active, deleted, completed, published'],
    ['a required cell missing', 'user', { user_id: 'U1', status: 'active' }, 'login_id is required'],
    ['a boolean cell that is not true or false', 'enrollment', { section_id: 'S1', user_id: 'U1', role: 'student', status: 'active', notify: 'yes' }, 'notify must be true or false'],
    ['a column the file does not have', 'section', { section_id: 'S1', course_id: 'C1', name: 'A', status: 'active', colour: 'red' }, 'unknown column colour'],
    ['an entity type the catalogue does not hold', 'group', { group_id: 'G1' }, 'unknown Canvas entity type group'],
  ])('refuses %s, naming the tenant, the entity and the problem', (_case, type, cells, problem) => {
    const decode = () => decodeCanvasRow(type, cells, { tenant: 'acme', sisId: 'X1' });
    expect(decode).toThrow(CanvasRowError);
    expect(decode).toThrow(`tenant acme: ${type} X1: `);
    expect(decode).toThrow(problem);
  });

  it('names the CSV file of an entity type', () => {
    expect(sisKindOf('user_observer')).toBe('user_observers');
    expect(() => sisKindOf('group')).toThrow('unknown Canvas entity type group');
  });
});
