import { SIS_CSV_SPECS, SisRowByKind, validateSisRow } from '@rp/canvas';
import type { CanvasProjection } from './canvas-projection';
import type { CanvasEntityType } from './ports/canvas-rows';
import type { ProvisioningEntity } from './ports/provisioning-entity';
import { projectEntity } from './project-entity';
import { agents, district, districtContext, enrollment, klass, role, settingsWith, user } from './testing/records';

const csvKind: Record<CanvasEntityType, keyof SisRowByKind> = {
  account: 'accounts', term: 'terms', course: 'courses', section: 'sections', user: 'users', enrollment: 'enrollments', user_observer: 'user_observers',
};
const validate = (p: CanvasProjection) => validateSisRow(SIS_CSV_SPECS[csvKind[p.type]] as never, p.row as never);

function entities(): ProvisioningEntity[] {
  const d = district();
  d.users.push(user('g-1', [role('guardian')], { agents: agents('stu-1') }));
  return [
    ...d.orgs.map((record) => ({ kind: 'org' as const, record })),
    ...d.academicSessions.map((record) => ({ kind: 'academicSession' as const, record })),
    ...d.courses.map((record) => ({ kind: 'course' as const, record })),
    ...d.classes.map((record) => ({ kind: 'class' as const, record })),
    ...d.users.map((record) => ({ kind: 'user' as const, record })),
    { kind: 'enrollment', record: enrollment('e-1', { user: 'stu-1', class: 'cls-1' }) },
    { kind: 'enrollment', record: enrollment('e-2', { user: 'tch-1', class: 'cls-1' }, { role: 'teacher', primary: true }) },
    { kind: 'enrollment', record: enrollment('e-3', { user: 'stu-1', class: 'cls-1' }, { status: 'tobedeleted' }) },
  ];
}

describe('projectEntity over a whole district', () => {
  it.each([
    ['defaults', {}],
    ['school-year terms, consolidated courses, sub-account, observers', {
      districtAccount: { mode: 'sub-account', accountId: 'acme' }, terms: { strategy: 'school-year' },
      courses: { strategy: 'sections-under-course' }, observers: { enabled: true }, users: { loginId: [{ from: 'email' }, { from: 'username' }] },
    }],
  ])('every projected row is a valid Canvas SIS CSV row (%s)', (_name, input) => {
    const ctx = districtContext((r) => r.users.push(user('g-1', [role('guardian')], { agents: agents('stu-1') })));
    const projections = entities().flatMap((entity) => {
      const outcome = projectEntity(entity, ctx, settingsWith(input));
      if (outcome.status !== 'projected') throw new Error(outcome.message);
      return outcome.projections;
    });
    expect(projections.length).toBeGreaterThan(8);
    expect(projections.map((p) => ({ key: `${p.type}|${p.sisId}`, errors: validate(p) })).filter((r) => r.errors.length > 0)).toEqual([]);
  });

  it('parks an entity whose parents are missing, with the reason', () => {
    const outcome = projectEntity({ kind: 'enrollment', record: enrollment('e-9', { user: 'stu-1', class: 'c-404' }) }, districtContext(), settingsWith());
    expect(outcome).toEqual({
      status: 'waiting',
      missing: [{ type: 'class', sourcedId: 'c-404' }],
      message: 'tenant acme: enrollment e-9 waits for class c-404 (not yet received)',
    });
  });

  it('projects an entity against its own new version, not the stale one in the context', () => {
    const renamed = klass('cls-1', { course: 'crs-1', school: 'sch-1', terms: ['s2'] }, { title: 'Algebra I - P1 (moved)' });
    const outcome = projectEntity({ kind: 'class', record: renamed }, districtContext(), settingsWith());
    expect(outcome.status === 'projected' && outcome.projections.map((p) => p.row)).toEqual([
      expect.objectContaining({ course_id: 'cls-1', term_id: 's2', long_name: 'Algebra I - P1 (moved)' }),
      expect.objectContaining({ section_id: 'cls-1', name: 'Algebra I - P1 (moved)' }),
    ]);
  });
});
