import type { Enrollment } from '@rp/oneroster';
import { MissingParentsError } from './dependencies';
import { projectEnrollment } from './enrollment.mapper';
import { districtContext, enrollment, NOW, settingsWith } from './testing/records';

const stu = (extra: Partial<Enrollment> = {}) => enrollment('e-1', { user: 'stu-1', class: 'cls-1' }, extra);
const project = (e: Enrollment, input: unknown = {}, ctx = districtContext()) => projectEnrollment(e, ctx, settingsWith(input));

describe('projectEnrollment', () => {
  it('active student: section = class, course per strategy, key section:user:role, school lineage', () => {
    expect(project(stu())).toEqual([
      {
        type: 'enrollment', sisId: 'cls-1:stu-1:student', op: 'upsert', schoolSourcedId: 'sch-1',
        row: { course_id: 'cls-1', section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'active' },
        sources: [{ type: 'enrollment', sourcedId: 'e-1' }, { type: 'user', sourcedId: 'stu-1' }, { type: 'class', sourcedId: 'cls-1' }],
      },
    ]);
  });

  it('sections-under-course: course_id is the consolidated course', () => {
    const [p] = project(stu(), { courses: { strategy: 'sections-under-course' } });
    expect(p.row).toMatchObject({ course_id: 'crs-1~s1~sch-1', section_id: 'cls-1' });
  });

  it.each([
    ['teacher', { role: 'teacher' as const, user: { sourcedId: 'tch-1', type: 'user' as const } }, {}, 'cls-1:tch-1:teacher'],
    ['secondary teacher as ta', { role: 'teacher' as const, primary: false, user: { sourcedId: 'tch-1', type: 'user' as const } }, { enrollments: { secondaryTeacherRole: 'ta' } }, 'cls-1:tch-1:ta'],
    ['proctor as ta', { role: 'proctor' as const, user: { sourcedId: 'tch-1', type: 'user' as const } }, {}, 'cls-1:tch-1:ta'],
  ])('role %s is part of the key', (_rule, change, input, key) => {
    expect(project(stu(change), input).map((p) => p.sisId)).toEqual([key]);
  });

  it('a skipped role projects nothing', () => {
    expect(project(stu({ role: 'administrator' }))).toEqual([]);
  });

  const ended = { endDate: '2024-10-01' }; // NOW is 2024-10-01T15:00Z: the exclusive end date has been reached
  describe.each([
    ['inactive', 'inactive'],
    ['completed', 'completed'],
    ['deleted', 'deleted'],
    ['deleted_last_completed', 'deleted_last_completed'],
  ])('drop policy %s', (policy, status) => {
    const input = { enrollments: { dropPolicy: policy } };
    it.each([
      ['enrollment tobedeleted', stu({ status: 'tobedeleted' }), districtContext()],
      ['enrollment endDate passed', stu(ended), districtContext()],
      ['user tobedeleted', stu(), districtContext((r) => { r.users[0] = { ...r.users[0], status: 'tobedeleted' }; })],
    ])(`%s → ${status}`, (_reason, e, ctx) => {
      const [p] = project(e, input, ctx);
      expect(p).toMatchObject({ op: 'delete', row: { status } });
    });
  });

  it.each([
    ['endDate tomorrow → still active', { endDate: '2024-10-02' }, 'active'],
    ['no endDate → active', {}, 'active'],
  ])('%s', (_rule, change, status) => {
    expect(project(stu(change))[0].row.status).toBe(status);
  });

  it('the exclusive end date is read in the district time zone', () => {
    // 2024-10-01T03:00Z is still 2024-09-30 in Chicago: an enrollment ending (exclusive) 2024-10-01 is active there.
    const early = districtContext(() => undefined, new Date('2024-10-01T03:00:00Z'));
    expect(project(stu(ended), { timeZone: 'America/Chicago' }, early)[0].row.status).toBe('active');
    expect(project(stu(ended), { timeZone: 'UTC' }, early)[0].row.status).not.toBe('active');
  });

  it('class tobedeleted → enrollment deleted, whatever the drop policy', () => {
    const ctx = districtContext((r) => { r.classes[0] = { ...r.classes[0], status: 'tobedeleted' }; });
    expect(project(stu(), { enrollments: { dropPolicy: 'inactive' } }, ctx)[0]).toMatchObject({ op: 'delete', row: { status: 'deleted' } });
  });

  it('an active enrollment whose class is unknown waits', () => {
    const ctx = districtContext((r) => { r.classes = []; });
    expect(() => project(stu(), {}, ctx)).toThrow(MissingParentsError);
    expect(() => project(stu(), {}, ctx)).toThrow('tenant acme: enrollment e-1 waits for class cls-1 (not yet received)');
  });

  it('a drop never waits: with class and user unknown it still goes out by section and user', () => {
    const ctx = districtContext((r) => { r.classes = []; r.users = []; });
    const [p] = project(stu({ status: 'tobedeleted' }), { enrollments: { dropPolicy: 'deleted' } }, ctx);
    expect(p.row).toEqual({ section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'deleted' });
  });

  it('observer enrollments only when observers are on', () => {
    const guardian = stu({ role: 'guardian' as Enrollment['role'], user: { sourcedId: 'stu-1', type: 'user' } });
    expect(project(guardian)).toEqual([]);
    expect(project(guardian, { observers: { enabled: true } })[0].row).toMatchObject({ role: 'observer' });
  });

  it('uses the context clock, not the machine clock', () => {
    const later = districtContext(() => undefined, new Date(NOW.getTime() + 365 * 86_400_000));
    expect(project(stu({ endDate: '2025-06-14' }), {}, later)[0].row.status).toBe('deleted_last_completed');
    expect(project(stu({ endDate: '2025-06-14' }))[0].row.status).toBe('active');
  });
});

describe('projectEnrollment with a dropped and an active enrollment for the same section, user and role', () => {
  const dropped = stu({ status: 'tobedeleted' });
  const readded = enrollment('e-2', { user: 'stu-1', class: 'cls-1' });
  const ctxWith = (...enrollments: Enrollment[]) => districtContext((r) => r.enrollments.push(...enrollments));

  it.each([
    ['dropped projected, active sibling known', dropped, [readded], 'active', 'upsert'],
    ['active projected, dropped sibling known', readded, [dropped], 'active', 'upsert'],
    ['dropped projected, sibling also dropped', dropped, [{ ...readded, endDate: '2024-09-01' }], 'deleted_last_completed', 'delete'],
    ['dropped projected, active sibling with another Canvas role', dropped, [{ ...readded, role: 'teacher' as const }], 'deleted_last_completed', 'delete'],
  ])('%s → %s', (_rule, projected, siblings, status, op) => {
    const [p] = projectEnrollment(projected, ctxWith(...siblings), settingsWith());
    expect(p).toMatchObject({ sisId: 'cls-1:stu-1:student', op, row: { status } });
  });

  it('records both OneRoster enrollments as lineage when a sibling decides', () => {
    const [p] = projectEnrollment(dropped, ctxWith(readded), settingsWith());
    expect(p.sources.slice(0, 2)).toEqual([{ type: 'enrollment', sourcedId: 'e-1' }, { type: 'enrollment', sourcedId: 'e-2' }]);
  });
});
