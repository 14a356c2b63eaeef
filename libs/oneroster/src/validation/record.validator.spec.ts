import { EntityKind } from '../model';
import { describeProblem, parseRecord, validateRecord } from './record.validator';

const ctx = { tenant: 'acme' };
const base = { sourcedId: '9f3', status: 'active', dateLastModified: '2024-08-01T10:00:00.000Z' };
const ref = (sourcedId: string, type: string) => ({ sourcedId, type });
const validUser = {
  ...base,
  enabledUser: true,
  givenName: 'Ada',
  familyName: 'Lovelace',
  roles: [{ roleType: 'primary', role: 'student', org: ref('sch1', 'org') }],
};
const validEnrollment = {
  ...base, user: ref('u1', 'user'), class: ref('c1', 'class'), school: ref('sch1', 'org'), role: 'student',
};
const validClass = {
  ...base, title: 'Algebra', course: ref('co1', 'course'), school: ref('sch1', 'org'), terms: [ref('t1', 'academicSession')],
};
const validSession = { ...base, title: 'Fall', startDate: '2024-08-01', endDate: '2025-01-01', type: 'term', schoolYear: '2025' };
const validResult = {
  ...base, lineItem: ref('li1', 'lineItem'), student: ref('u1', 'user'), scoreStatus: 'fully graded', scoreDate: '2024-09-01', late: true,
};

describe('validateRecord', () => {
  it.each<[string, EntityKind, Record<string, unknown>]>([
    ['user', 'user', validUser],
    ['enrollment with ext: role and GUIDRefs without href', 'enrollment', { ...validEnrollment, role: 'ext:IC.coTeacher' }],
    ['class', 'class', validClass],
    ['academic session', 'academicSession', validSession],
    ['result with boolean flag', 'result', validResult],
    ['org with metadata extensions', 'org', { ...base, name: 'X', type: 'school', identifier: '1', metadata: { any: { thing: 1 } } }],
  ])('accepts a valid %s', (_case, kind, record) => {
    expect(validateRecord(kind, record, ctx)).toEqual([]);
  });

  it.each<[string, EntityKind, Record<string, unknown>, { field: string; message: RegExp }[]]>([
    ['bad user role', 'user', { ...validUser, roles: [{ ...validUser.roles[0], role: 'wizard' }] },
      [{ field: 'roles[0].role', message: /^'wizard' is not one of aide, counselor, .*teacher, or an extension value 'ext:…'$/ }]],
    ['missing required fields', 'user', { ...base, enabledUser: true, roles: validUser.roles },
      [{ field: 'givenName', message: /is missing/ }, { field: 'familyName', message: /is missing/ }]],
    ['bad status', 'class', { ...validClass, status: 'archived' }, [{ field: 'status', message: /'archived' is not one of active, tobedeleted/ }]],
    ['bad date', 'academicSession', { ...validSession, startDate: '2024-13-45' }, [{ field: 'startDate', message: /not a date \(YYYY-MM-DD\)/ }]],
    ['bad dateLastModified', 'org', { ...base, dateLastModified: 'yesterday', name: 'X', type: 'school', identifier: '1' },
      [{ field: 'dateLastModified', message: /not a date-time/ }]],
    ['empty terms', 'class', { ...validClass, terms: [] }, [{ field: 'terms', message: /at least 1 item/ }]],
    ['GUIDRef without sourcedId', 'enrollment', { ...validEnrollment, user: { type: 'user' } }, [{ field: 'user.sourcedId', message: /is missing/ }]],
    ['unparseable boolean', 'user', { ...validUser, enabledUser: 'maybe' }, [{ field: 'enabledUser', message: /'maybe' is not one of true, false/ }]],
    ['bad scoreStatus', 'result', { ...validResult, scoreStatus: 'graded' }, [{ field: 'scoreStatus', message: /'graded' is not one of .*exempt/ }]],
    ['unknown nested field', 'user', { ...validUser, roles: [{ ...validUser.roles[0], school: 'x' }] },
      [{ field: 'roles[0].school', message: /not a OneRoster 1.2 field/ }]],
  ])('reports %s', (_case, kind, record, expected) => {
    const problems = validateRecord(kind, record, ctx);
    expect(problems.map((p) => p.field)).toEqual(expected.map((e) => e.field));
    problems.forEach((p, i) => expect(p.message).toMatch(expected[i].message));
  });

  it('reports every problem of a record at once, naming tenant, type and sourcedId', () => {
    const problems = validateRecord('enrollment', { ...base, user: ref('u1', 'user'), role: 'wizard', beginDate: 'soon' }, ctx);
    expect(problems.map((p) => p.field).sort()).toEqual(['beginDate', 'class', 'role', 'school']);
    expect(problems.every((p) => p.tenant === 'acme' && p.entity === 'enrollment' && p.sourcedId === '9f3')).toBe(true);
  });

  it('describes a problem in one actionable sentence', () => {
    const [problem] = validateRecord('user', { ...validUser, roles: [{ ...validUser.roles[0], role: 'wizard' }] }, ctx);
    expect(describeProblem(problem)).toMatch(
      /^tenant acme: user 9f3 field roles\[0\]\.role: 'wizard' is not one of .*; fix it in the SIS or map it$/,
    );
  });
});

describe('parseRecord', () => {
  it('accepts what a lenient provider sends once normalised', () => {
    const parsed = parseRecord('user', {
      ...base, status: 'inactive', enabledUser: 'false', givenName: 'A', familyName: 'B', role: 'teacher', orgs: [{ sourcedId: 'sch1' }],
    }, ctx);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.record.status).toBe('tobedeleted');
      expect(parsed.record.enabledUser).toBe(false);
      expect(parsed.record.roles).toEqual([{ roleType: 'primary', role: 'teacher', org: { sourcedId: 'sch1', type: 'org' } }]);
    }
  });

  it('returns the problems of a record that stays invalid', () => {
    const parsed = parseRecord('enrollment', { ...validEnrollment, role: 'wizard' }, ctx);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map(describeProblem)).toEqual([
      "tenant acme: enrollment 9f3 field role: 'wizard' is not one of administrator, proctor, student, teacher, or an extension value 'ext:…'; fix it in the SIS or map it",
    ]);
  });
});

describe('parseRecord with relative hrefs (a provider that sends `/orgs/<id>`)', () => {
  it('validates once the hrefs are resolved against the base URL, and reports the repair', () => {
    const raw = {
      sourcedId: 'e1', status: 'active', dateLastModified: '2024-08-01T10:00:00.000Z', role: 'student',
      user: { sourcedId: 'u1', href: '/users/u1', type: 'user' }, class: { sourcedId: 'c1', href: '/classes/c1', type: 'class' },
      school: { sourcedId: 'o1', href: '/orgs/o1', type: 'org' },
    };
    const parsed = parseRecord('enrollment', raw, { tenant: 'acme', baseUrl: 'https://or.example/ims/oneroster/rostering/v1p2' });
    expect(parsed.ok).toBe(true);
    expect(parsed.repairs).toEqual(['relative-href']);
  });
});
