import { withoutPersonalFields } from './deleted-record';

const student = {
  sourcedId: 'stu-1', status: 'tobedeleted', dateLastModified: '2026-12-01T00:00:00Z', enabledUser: true,
  givenName: 'Ada', familyName: 'Lovelace', middleName: 'Byron', preferredFirstName: 'Ada', email: 'ada@district.example',
  username: 'alovelace', userIds: [{ type: 'SIS', identifier: '99001' }], identifier: '99001', phone: '555-0100', sms: '555-0101',
  roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: 'sch-1' } }], primaryOrg: { sourcedId: 'sch-1' },
  agents: [{ sourcedId: 'par-1' }], metadata: { 'ext:phone2': '555-0102' }, grades: ['09'],
};

describe('withoutPersonalFields: a tobedeleted record is published without what it no longer needs', () => {
  it.each([
    ['a user keeps identity, status and links; names, contacts and identifiers go', 'user', student, {
      sourcedId: 'stu-1', status: 'tobedeleted', dateLastModified: '2026-12-01T00:00:00Z', enabledUser: true, givenName: '', familyName: '',
      roles: student.roles, primaryOrg: student.primaryOrg, agents: student.agents,
    }],
    ['an enrollment keeps everything but metadata', 'enrollment',
      { sourcedId: 'e-1', status: 'tobedeleted', user: { sourcedId: 'stu-1' }, class: { sourcedId: 'cls-1' }, role: 'student', metadata: { note: 'x' } },
      { sourcedId: 'e-1', status: 'tobedeleted', user: { sourcedId: 'stu-1' }, class: { sourcedId: 'cls-1' }, role: 'student' }],
  ])('%s', (_case, kind, record, expected) => {
    expect(withoutPersonalFields(kind, record)).toEqual(expected);
  });

  it('leaves no trace of the name, e-mail or phone in the published JSON', () => {
    const published = JSON.stringify(withoutPersonalFields('user', student));
    for (const trace of ['Ada', 'Lovelace', 'ada@district.example', '555-01', 'alovelace', '99001']) expect(published).not.toContain(trace);
  });
});
