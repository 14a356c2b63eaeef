import { missingParents, requiredParents, waitingMessage } from './dependencies';
import type { ProvisioningEntity } from './ports/provisioning-entity';
import { course, districtContext, enrollment, klass, org, session, settingsWith, user } from './testing/records';

const perClass = settingsWith();
const consolidated = settingsWith({ courses: { strategy: 'sections-under-course' } });
const cls = klass('c-9', { course: 'k-1', school: 'sch-1', terms: ['s1'] });
const e1 = enrollment('e-1', { user: 'stu-1', class: 'c-9' });

describe('requiredParents', () => {
  it.each<[string, ProvisioningEntity, string[]]>([
    ['org → none', { kind: 'org', record: org('sch-1', 'school') }, []],
    ['session → none', { kind: 'academicSession', record: session('s1', 'semester', '2024-08-15', '2025-01-10') }, []],
    ['course → none', { kind: 'course', record: course('k-1') }, []],
    ['user → none for the user row', { kind: 'user', record: user('u-1') }, []],
    ['class → course, school, terms', { kind: 'class', record: cls }, ['course k-1', 'org sch-1', 'academicSession s1']],
    ['enrollment → user, class', { kind: 'enrollment', record: e1 }, ['user stu-1', 'class c-9']],
    ['tobedeleted enrollment → none', { kind: 'enrollment', record: { ...e1, status: 'tobedeleted' } }, []],
    ['tobedeleted class → none', { kind: 'class', record: { ...cls, status: 'tobedeleted' } }, []],
  ])('%s', (_rule, entity, expected) => {
    expect(requiredParents(entity).map((p) => `${p.type} ${p.sourcedId}`)).toEqual(expected);
  });
});

describe('missingParents and waitingMessage', () => {
  const cases: [string, ProvisioningEntity, ReturnType<typeof districtContext>, typeof perClass, string | undefined][] = [
    ['enrollment, class not received', { kind: 'enrollment', record: e1 }, districtContext(), perClass,
      'tenant acme: enrollment e-1 waits for class c-9 (not yet received)'],
    ['enrollment, user and class not received', { kind: 'enrollment', record: { ...e1, user: { sourcedId: 'u-7', type: 'user' } } }, districtContext(), perClass,
      'tenant acme: enrollment e-1 waits for user u-7 and class c-9 (not yet received)'],
    ['enrollment, class known but its course not', { kind: 'enrollment', record: e1 }, districtContext((r) => r.classes.push(cls)), perClass,
      'tenant acme: enrollment e-1 waits for course k-1 [course of class c-9] (not yet received)'],
    ['enrollment, class term is a grading period whose parent is unknown (consolidated courses)', { kind: 'enrollment', record: e1 },
      districtContext((r) => {
        r.classes.push({ ...cls, course: { sourcedId: 'crs-1', type: 'course' }, terms: [{ sourcedId: 'gp9', type: 'academicSession' }] });
        r.academicSessions.push(session('gp9', 'gradingPeriod', '2024-08-15', '2024-10-01', { parent: { sourcedId: 's9', type: 'academicSession' } }));
      }), consolidated,
      'tenant acme: enrollment e-1 waits for academicSession s9 [parent session of term gp9 of class c-9] (not yet received)'],
    ['enrollment, everything known', { kind: 'enrollment', record: enrollment('e-2', { user: 'stu-1', class: 'cls-1' }) }, districtContext(), perClass, undefined],
    ['enrollment of a tobedeleted class does not wait for the class parents', { kind: 'enrollment', record: e1 },
      districtContext((r) => r.classes.push({ ...cls, status: 'tobedeleted' })), perClass, undefined],
    ['class, course and term not received', { kind: 'class', record: { ...cls, terms: [{ sourcedId: 't-x', type: 'academicSession' }] } }, districtContext(), perClass,
      'tenant acme: class c-9 waits for course k-1 and academicSession t-x (not yet received)'],
    ['class, school not received', { kind: 'class', record: { ...cls, course: { sourcedId: 'crs-1', type: 'course' }, school: { sourcedId: 'sch-x', type: 'org' } } }, districtContext(), perClass,
      'tenant acme: class c-9 waits for org sch-x (not yet received)'],
    ['tobedeleted class, per-class strategy → none', { kind: 'class', record: { ...cls, status: 'tobedeleted', terms: [{ sourcedId: 't-x', type: 'academicSession' }] } }, districtContext(), perClass, undefined],
    ['tobedeleted class, consolidated → needs its term to find the course', { kind: 'class', record: { ...cls, status: 'tobedeleted', terms: [{ sourcedId: 't-x', type: 'academicSession' }] } }, districtContext(), consolidated,
      'tenant acme: class c-9 waits for academicSession t-x [term of class c-9] (not yet received)'],
    ['user with unknown agents → none', { kind: 'user', record: user('g-1', undefined, { agents: [{ sourcedId: 'x', type: 'user' }] }) }, districtContext(), perClass, undefined],
  ];

  it.each(cases)('%s', (_rule, entity, ctx, settings, message) => {
    const missing = missingParents(entity, ctx, settings);
    if (message === undefined) expect(missing).toEqual([]);
    else expect(waitingMessage('acme', { kind: entity.kind, sourcedId: entity.record.sourcedId }, missing)).toBe(message);
  });
});
