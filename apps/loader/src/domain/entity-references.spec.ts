import { REFERENCE_CELLS, referencesOf } from './entity-references';

/** Rows with every cell their CSV can carry that names another entity, plus some that do not. */
const rows: { canvasType: string; row: Record<string, string> }[] = [
  { canvasType: 'course', row: { course_id: 'C1', short_name: 'c', long_name: 'Course', account_id: 'S1', term_id: 'T1', status: 'active' } },
  { canvasType: 'section', row: { section_id: 'X1', course_id: 'C1', name: 'X', status: 'active' } },
  { canvasType: 'enrollment', row: { course_id: 'C1', user_id: 'U1', role: 'student', section_id: 'X1', status: 'active' } },
  { canvasType: 'user_observer', row: { observer_id: 'G1', student_id: 'U1', status: 'active' } },
  { canvasType: 'user', row: { user_id: 'U1', login_id: 'u1', status: 'active' } },
];

describe('REFERENCE_CELLS (what the loader reads of a row to plan a batch)', () => {
  it.each(rows)('hold every cell referencesOf reads for a $canvasType', (row) => {
    const planning = Object.fromEntries(Object.entries(row.row).filter(([column]) => (REFERENCE_CELLS as readonly string[]).includes(column)));
    expect(referencesOf({ canvasType: row.canvasType, row: planning })).toEqual(referencesOf(row));
  });
});
