import type { ClassRecord, EnrollmentRecord, UserRecord } from '@rp/fixtures';
import { canvasSnapshot, diffViews, expectedCanvas, importedRows, lastImportId, rosterOf, rowKey } from '../support';
import { provisioningHarness } from './harness';

/**
 * Acceptance: SIS changes made in IC reach Canvas through a DELTA run, and the new SIS import carries exactly
 * the rows that changed — nothing re-sent.
 */
describe('provisioning end to end: IC changes reach Canvas through a delta run', () => {
  const h = provisioningHarness({ name: 'delta', district: { seed: 12 }, baseline: true });

  it('applies a new student, a drop, a rename, a teacher swap, a disabled user and a term move, sending only those rows', async () => {
    const store = h.acme.ic.admin.store;
    const sis = h.acme.ic.admin.sis;
    const classes = store.all('classes') as ClassRecord[];
    const enrollments = (store.all('enrollments') as EnrollmentRecord[]).filter((e) => e.status === 'active');
    const users = store.all('users') as UserRecord[];
    const school = classes[0].schoolSourcedId;
    const schoolClasses = classes.filter((c) => c.schoolSourcedId === school && c.status === 'active');
    const sessionsOf = (slot: string) => (store.all('academicSessions') as { sourcedId: string; title: string; schoolSourcedId: string }[])
      .find((s) => s.schoolSourcedId === school && s.title === slot)!.sourcedId;
    const baseline = lastImportId(h.canvas, 'acme');

    // 1. a new student enrolled in two classes
    const student = sis.add('users', {
      sourcedId: 'e2e-new-student', username: 'e2e.new.student', userIds: [{ type: 'studentNumber', identifier: '299999999' }],
      enabledUser: true, givenName: 'Nova', familyName: 'Newcomer', roles: [{ roleType: 'primary', role: 'student', orgSourcedId: school }],
      primaryOrgSourcedId: school, identifier: '299999999', email: 'nova.newcomer@students.example.org', agentSourcedIds: [], grades: ['09'],
    });
    const [classA, classB, renamed, swapped, moved] = schoolClasses;
    sis.addEnrollment({ sourcedId: 'e2e-new-enr-a', userSourcedId: student.sourcedId, classSourcedId: classA.sourcedId, role: 'student' });
    sis.addEnrollment({ sourcedId: 'e2e-new-enr-b', userSourcedId: student.sourcedId, classSourcedId: classB.sourcedId, role: 'student' });
    // 2. a dropped student enrollment (a class other than the ones touched below)
    const dropped = enrollments.find((e) => e.role === 'student' && e.classSourcedId === classA.sourcedId)!;
    sis.dropEnrollment(dropped.sourcedId);
    // 3. a class renamed
    sis.update('classes', renamed.sourcedId, { title: `${renamed.title} (renamed)` });
    // 4. the primary teacher of a class replaced by another teacher of the school
    const oldTeacher = enrollments.find((e) => e.classSourcedId === swapped.sourcedId && e.role === 'teacher' && e.primary)!;
    const teachersHere = new Set(enrollments.filter((e) => e.classSourcedId === swapped.sourcedId).map((e) => e.userSourcedId));
    const newTeacher = users.find((u) => u.roles.some((r) => r.role === 'teacher' && r.orgSourcedId === school) && !teachersHere.has(u.sourcedId))!;
    sis.dropEnrollment(oldTeacher.sourcedId);
    sis.addEnrollment({ sourcedId: 'e2e-new-teacher', userSourcedId: newTeacher.sourcedId, classSourcedId: swapped.sourcedId, role: 'teacher', primary: true });
    // 5. a student disabled
    const disabled = users.find((u) => u.status === 'active' && u.enabledUser && u.roles.some((r) => r.role === 'student') && u.sourcedId !== dropped.userSourcedId)!;
    sis.disableUser(disabled.sourcedId);
    // 6. a class moved to another term (to semester 2, or to semester 1 when it already is in S2 only)
    const target = moved.termSourcedIds.length === 1 && moved.termSourcedIds[0] === sessionsOf('Semester 2') ? 'Semester 1' : 'Semester 2';
    sis.update('classes', moved.sourcedId, { termSourcedIds: [sessionsOf(target)] });

    const run = await h.pipeline.sync('acme', 'delta');
    expect(run.phase).toBe('finished');
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');

    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), expectedCanvas(rosterOf(store)))).toEqual([]);

    const sent = importedRows(h.canvas, 'acme', baseline);
    const keys = sent.map(rowKey).sort();
    expect(keys).toEqual([
      `course:${moved.sourcedId}`,
      `course:${renamed.sourcedId}`,
      `enrollment:${classA.sourcedId}:${dropped.userSourcedId}:student`,
      `enrollment:${classA.sourcedId}:${student.sourcedId}:student`,
      `enrollment:${classB.sourcedId}:${student.sourcedId}:student`,
      `enrollment:${swapped.sourcedId}:${newTeacher.sourcedId}:teacher`,
      `enrollment:${swapped.sourcedId}:${oldTeacher.userSourcedId}:teacher`,
      `section:${renamed.sourcedId}`,
      `user:${disabled.sourcedId}`,
      `user:${student.sourcedId}`,
    ].sort());
    const row = (key: string) => sent.find((r) => rowKey(r) === key)!.values;
    expect(row(`user:${disabled.sourcedId}`).status).toBe('suspended');
    expect(row(`enrollment:${classA.sourcedId}:${dropped.userSourcedId}:student`).status).toBe('deleted_last_completed');
    expect(row(`enrollment:${swapped.sourcedId}:${oldTeacher.userSourcedId}:teacher`).status).toBe('deleted_last_completed');
    expect(row(`course:${moved.sourcedId}`).term_id).toBe(sessionsOf(target));
    expect(row(`section:${renamed.sourcedId}`).name).toBe(`${renamed.title} (renamed)`);
  }, 600_000);
});
