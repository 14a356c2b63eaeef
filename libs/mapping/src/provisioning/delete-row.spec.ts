import { canvasProjection } from './canvas-projection';
import { minimalDeleteRow } from './delete-row';
import { retractedProjections } from './projection-diff';

const sources = [{ type: 'user' as const, sourcedId: 'stu-1' }];

describe('minimalDeleteRow: a delete row carries only what Canvas needs to delete', () => {
  it.each([
    [
      'a deleted user loses names, e-mail and its e-mail login (matched by user_id)',
      'user' as const,
      { user_id: 'stu-1', integration_id: 'SMN-1', login_id: 'ada@district.example', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@district.example', status: 'deleted' },
      { user_id: 'stu-1', login_id: 'stu-1', status: 'deleted' },
    ],
    [
      'a deleted enrollment keeps section, user and role',
      'enrollment' as const,
      { section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'deleted', start_date: '2026-08-20', end_date: '2027-06-01' },
      { section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'deleted' },
    ],
    [
      'a deleted observer link keeps both ids',
      'user_observer' as const,
      { observer_id: 'par-1', student_id: 'stu-1', status: 'deleted' },
      { observer_id: 'par-1', student_id: 'stu-1', status: 'deleted' },
    ],
    [
      'a deleted course keeps the names Canvas requires',
      'course' as const,
      { course_id: 'c-1', short_name: 'ALG', long_name: 'Algebra', account_id: 'sch-1', term_id: 't-1', status: 'deleted', start_date: '2026-08-20' },
      { course_id: 'c-1', short_name: 'ALG', long_name: 'Algebra', status: 'deleted' },
    ],
    [
      'a completed enrollment (a drop policy, not a delete) is left as it is',
      'enrollment' as const,
      { section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'completed', end_date: '2027-06-01' },
      { section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'completed', end_date: '2027-06-01' },
    ],
  ])('%s', (_case, type, row, expected) => {
    expect(minimalDeleteRow(type, row as never)).toEqual(expected);
  });

  it('applies to every delete projection, built or retracted', () => {
    const user = { user_id: 'stu-1', login_id: 'ada@district.example', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@district.example', status: 'active' as const };
    expect(canvasProjection('user', 'stu-1', { ...user, status: 'deleted' }, 'delete', sources).row).toEqual({ user_id: 'stu-1', login_id: 'stu-1', status: 'deleted' });
    const [retracted] = retractedProjections([canvasProjection('user', 'stu-1', user, 'upsert', sources, 'sch-1')], []);
    expect(retracted).toEqual({ type: 'user', sisId: 'stu-1', op: 'delete', row: { user_id: 'stu-1', login_id: 'stu-1', status: 'deleted' }, sources, schoolSourcedId: 'sch-1' });
  });
});
