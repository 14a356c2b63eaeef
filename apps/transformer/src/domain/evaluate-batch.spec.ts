import { PermanentError } from '@rp/messaging';
import { InMemoryEntities, defaults } from '../testing/in-memory-entities';
import { change, enrollment, klass, session, smallDistrict, user } from '../testing/records';
import type { BatchPlan } from './evaluate-batch';
import { MAPPING_ERROR_REF, SETTINGS_REF } from './refs';

const d = smallDistrict();
const upserts = () => [
  ...d.orgs.map((r) => change('acme', 'org', r)),
  ...d.academicSessions.map((r) => change('acme', 'academicSession', r)),
  ...d.courses.map((r) => change('acme', 'course', r)),
  ...d.classes.map((r) => change('acme', 'class', r)),
  ...d.users.map((r) => change('acme', 'user', r)),
];
const emitted = (plan: BatchPlan) => [...plan.emissions.keys()].sort();
const row = (plan: BatchPlan, key: string) => plan.emissions.get(key)?.projection.row as Record<string, unknown> | undefined;

async function loadedDistrict(): Promise<InMemoryEntities> {
  const store = new InMemoryEntities();
  await store.run([...upserts(), ...d.enrollments.map((r) => change('acme', 'enrollment', r))]);
  return store;
}

describe('evaluateTenantBatch', () => {
  it('parks an enrollment whose user and class are unknown, naming both, and emits nothing', async () => {
    const store = new InMemoryEntities();
    const plan = await store.run([change('acme', 'enrollment', d.enrollments[0])]);
    expect(emitted(plan)).toEqual([]);
    expect(store.parked.get('enrollment:e-stu')).toMatchObject({ waitingFor: ['user:stu-1', 'class:cls-1'] });
    expect(store.entities.has('enrollment:e-stu')).toBe(true);
  });

  it('releases parked entities when what they wait for arrives (across batches and within one)', async () => {
    const store = new InMemoryEntities();
    await store.run([change('acme', 'enrollment', d.enrollments[0])]);
    const plan = await store.run(upserts());
    expect(emitted(plan)).toContain('enrollment|cls-1:stu-1:student');
    expect(store.parked.size).toBe(0);

    const sameBatch = new InMemoryEntities();
    const together = await sameBatch.run([change('acme', 'enrollment', d.enrollments[1]), ...upserts()]);
    expect(emitted(together)).toContain('enrollment|cls-1:tch-1:teacher');
    expect(sameBatch.parked.size).toBe(0);
  });

  it('projects the enrollments of a user that arrives after them through parking, without looking up its enrollments', async () => {
    const store = new InMemoryEntities();
    await store.run([...upserts().filter((c) => c.entityType !== 'user'), ...d.enrollments.map((r) => change('acme', 'enrollment', r))]);
    expect(store.parked.get('enrollment:e-stu')).toMatchObject({ waitingFor: ['user:stu-1'] });
    const dropped = enrollment('e-gone', { user: 'stu-1', class: 'cls-1' }, { role: 'teacher', status: 'tobedeleted' });
    await store.run([change('acme', 'enrollment', dropped)]);
    expect(store.parked.get('enrollment:e-gone')).toBeUndefined(); // a drop needs neither user nor class

    const before = store.lookups.length;
    const plan = await store.run([change('acme', 'user', d.users[0])]);
    expect(emitted(plan)).toEqual(['enrollment|cls-1:stu-1:student', 'user|stu-1']);
    expect(row(plan, 'enrollment|cls-1:stu-1:student')).toMatchObject({ status: 'active', course_id: 'cls-1', section_id: 'cls-1' });
    expect(store.parked.has('enrollment:e-stu')).toBe(false);
    expect(store.lookups.slice(before)).toContainEqual({ kind: 'parkedFor', ref: 'user:stu-1' });
    expect(store.lookups.slice(before).filter((l) => l.kind === 'enrollmentsOfUser')).toEqual([]);
  });

  it('still re-projects the stored enrollments of a user whose status changes', async () => {
    const store = await loadedDistrict();
    const before = store.lookups.length;
    const plan = await store.run([change('acme', 'user', { ...d.users[0], status: 'tobedeleted' })], defaults({ enrollments: { dropPolicy: 'inactive' } }));
    expect(store.lookups.slice(before)).toContainEqual({ kind: 'enrollmentsOfUser', userId: 'stu-1' });
    expect(row(plan, 'enrollment|cls-1:stu-1:student')).toMatchObject({ status: 'inactive' });
  });

  it('projects the whole district with a bounded number of load rounds', async () => {
    const store = new InMemoryEntities();
    const plan = await store.run([...upserts(), ...d.enrollments.map((r) => change('acme', 'enrollment', r))]);
    expect(emitted(plan)).toEqual([
      'account|sch-1', 'course|cls-1', 'enrollment|cls-1:stu-1:student', 'enrollment|cls-1:tch-1:teacher',
      'section|cls-1', 'term|s1', 'term|sy', 'user|stu-1', 'user|tch-1',
    ]);
    expect(store.loadRounds).toBeLessThanOrEqual(5);
  });

  it('re-projects only the course and section on a class rename; the enrollments do not change', async () => {
    const store = await loadedDistrict();
    const plan = await store.run([change('acme', 'class', { ...d.classes[0], title: 'Renamed' })]);
    expect(emitted(plan)).toEqual(['course|cls-1', 'section|cls-1']);
    expect(row(plan, 'course|cls-1')).toMatchObject({ long_name: 'Renamed' });
  });

  it('drops the enrollments of a deleted class with it', async () => {
    const store = await loadedDistrict();
    const plan = await store.run([change('acme', 'class', null, { op: 'delete', sourcedId: 'cls-1' })]);
    expect(emitted(plan)).toEqual(['course|cls-1', 'enrollment|cls-1:stu-1:student', 'enrollment|cls-1:tch-1:teacher', 'section|cls-1']);
    expect(row(plan, 'enrollment|cls-1:stu-1:student')).toMatchObject({ status: 'deleted' });
    expect(store.entities.get('class:cls-1')).toMatchObject({ deleted: true, entity: { record: { title: 'Algebra I - P1', status: 'tobedeleted' } } });
  });

  it('drops the enrollments of a deleted user per the drop policy', async () => {
    const store = await loadedDistrict();
    const plan = await store.run([change('acme', 'user', null, { op: 'delete', sourcedId: 'stu-1' })], defaults({ enrollments: { dropPolicy: 'inactive' } }));
    expect(emitted(plan)).toEqual(['enrollment|cls-1:stu-1:student', 'user|stu-1']);
    expect(row(plan, 'enrollment|cls-1:stu-1:student')).toMatchObject({ status: 'inactive' });
  });

  it('retracts the projection an entity no longer produces (a teacher becoming an aide)', async () => {
    const store = await loadedDistrict();
    const plan = await store.run([change('acme', 'enrollment', { ...d.enrollments[1], role: 'aide' })]);
    expect(emitted(plan)).toEqual(['enrollment|cls-1:tch-1:ta', 'enrollment|cls-1:tch-1:teacher']);
    expect(plan.emissions.get('enrollment|cls-1:tch-1:teacher')!.projection).toMatchObject({ op: 'delete', row: { status: 'deleted' } });
  });

  it('ignores the delete of a record never received', async () => {
    const plan = await new InMemoryEntities().run([change('acme', 'user', null, { op: 'delete', sourcedId: 'ghost' })]);
    expect(emitted(plan)).toEqual([]);
    expect(plan.entities.size).toBe(0);
  });

  it('fails an input record that can never be mapped with a permanent error naming tenant, record and fix', async () => {
    const run = new InMemoryEntities().run([change('acme', 'user', user('u-x', undefined, { username: '' }))]);
    await expect(run).rejects.toThrow(PermanentError);
    await expect(run).rejects.toThrow(/tenant acme: user u-x has no login id.*users\.loginId/);
  });

  it('parks a dependant that turns unmappable instead of failing the record that released it', async () => {
    const store = await loadedDistrict();
    await store.run([change('acme', 'class', klass('cls-gp', { course: 'crs-1', school: 'sch-1', terms: ['gp9'] }))]);
    expect(store.parked.get('class:cls-gp')?.waitingFor).toEqual(['academicSession:gp9']);
    const plan = await store.run([change('acme', 'academicSession', session('gp9', 'gradingPeriod', '2024-08-15', '2024-10-20'))]);
    expect(emitted(plan)).toEqual([]);
    expect(store.parked.get('class:cls-gp')).toMatchObject({ waitingFor: [MAPPING_ERROR_REF], message: expect.stringMatching(/class cls-gp has term gp9 of type gradingPeriod/) });
  });

  it('parks everything while the settings are invalid and projects it once they are fixed', async () => {
    const store = new InMemoryEntities();
    await store.run(upserts(), { ok: false, message: 'tenant acme: invalid mapping settings: courses.strategy …' });
    expect([...store.parked.values()].every((p) => p.waitingFor[0] === SETTINGS_REF)).toBe(true);
    expect(store.parked.size).toBe(upserts().length);
    const plan = await store.run([change('acme', 'enrollment', enrollment('e-new', { user: 'stu-1', class: 'cls-1' }))]);
    expect(emitted(plan)).toEqual([
      'account|sch-1', 'course|cls-1', 'enrollment|cls-1:stu-1:student', 'section|cls-1', 'term|s1', 'term|sy', 'user|stu-1', 'user|tch-1',
    ]);
    expect(store.parked.size).toBe(0);
  });

  it('does not delete what a sibling enrollment still produces (two teacher enrollments, one becomes an aide)', async () => {
    const store = await loadedDistrict();
    await store.run([change('acme', 'enrollment', enrollment('e-tch2', { user: 'tch-1', class: 'cls-1' }, { role: 'teacher' }))]);
    const plan = await store.run([change('acme', 'enrollment', { ...d.enrollments[1], role: 'aide' })]);
    expect(plan.emissions.get('enrollment|cls-1:tch-1:teacher')!.projection).toMatchObject({ op: 'upsert', row: { status: 'active' } });
    expect(plan.emissions.get('enrollment|cls-1:tch-1:ta')!.projection.op).toBe('upsert');
  });

  it('keeps a consolidated course while another class still uses it (sections-under-course, a class moves course)', async () => {
    const consolidated = defaults({ courses: { strategy: 'sections-under-course' } });
    const store = new InMemoryEntities();
    const sibling = klass('cls-2', { course: 'crs-1', school: 'sch-1', terms: ['s1'] });
    await store.run([...upserts(), change('acme', 'course', { ...d.courses[0], sourcedId: 'crs-2' }), change('acme', 'class', sibling)], consolidated);
    const plan = await store.run([change('acme', 'class', { ...d.classes[0], course: { sourcedId: 'crs-2', type: 'course' } })], consolidated);
    expect(plan.emissions.get('course|crs-1~s1~sch-1')!.projection).toMatchObject({ op: 'upsert', row: { status: 'active' } });
    expect(plan.emissions.get('course|crs-2~s1~sch-1')!.projection.op).toBe('upsert');
    expect(row(plan, 'section|cls-1')).toMatchObject({ course_id: 'crs-2~s1~sch-1' });
  });

  it('deletes a consolidated course its last class left', async () => {
    const consolidated = defaults({ courses: { strategy: 'sections-under-course' } });
    const store = new InMemoryEntities();
    await store.run([...upserts(), change('acme', 'course', { ...d.courses[0], sourcedId: 'crs-2' })], consolidated);
    const plan = await store.run([change('acme', 'class', { ...d.classes[0], course: { sourcedId: 'crs-2', type: 'course' } })], consolidated);
    expect(plan.emissions.get('course|crs-1~s1~sch-1')!.projection).toMatchObject({ op: 'delete', row: { status: 'deleted' } });
  });

  it('re-projects the courses of classes spanning terms when the dates of a session change', async () => {
    const store = await loadedDistrict();
    const s2 = session('s2', 'semester', '2025-01-10', '2025-06-14');
    const spanning = klass('cls-span', { course: 'crs-1', school: 'sch-1', terms: ['s1', 's2'] });
    await store.run([change('acme', 'academicSession', s2), change('acme', 'class', spanning)], defaults({ terms: { sessionTypes: ['semester'] } }));
    const plan = await store.run(
      [change('acme', 'academicSession', { ...s2, endDate: '2025-06-21' })],
      defaults({ terms: { sessionTypes: ['semester'] } }),
    );
    expect(emitted(plan)).toEqual(expect.arrayContaining(['course|cls-span', 'term|s2']));
    expect(row(plan, 'course|cls-span')).toMatchObject({ end_date: expect.stringMatching(/^2025-06-20T23:59:59/) });
  });
});
