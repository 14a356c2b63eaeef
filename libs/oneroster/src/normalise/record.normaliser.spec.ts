import { EntityKind } from '../model';
import { normaliseRecord } from './record.normaliser';
import { toWireRecord } from './wire-format';

const base = { sourcedId: 's1', status: 'active', dateLastModified: '2024-08-01T10:00:00.000Z' };
const org = (sourcedId: string) => ({ sourcedId, type: 'org' });

describe('normaliseRecord', () => {
  it.each<[string, EntityKind, Record<string, unknown>, Record<string, unknown>]>([
    ['string boolean "true"', 'user', { enabledUser: 'true' }, { enabledUser: true }],
    ['string boolean "FALSE"', 'user', { enabledUser: 'FALSE' }, { enabledUser: false }],
    ['numeric boolean 0', 'enrollment', { primary: 0 }, { primary: false }],
    ['real boolean kept', 'enrollment', { primary: true }, { primary: true }],
    ['unparseable boolean left for the validator', 'user', { enabledUser: 'maybe' }, { enabledUser: 'maybe' }],
    ['result flags', 'result', { late: 'true', missing: 'false' }, { late: true, missing: false }],
    ['1.1 status inactive', 'class', { status: 'inactive' }, { status: 'tobedeleted' }],
    ['status case', 'class', { status: 'Active' }, { status: 'active' }],
    ['ext: enum kept', 'enrollment', { role: 'ext:IC.coTeacher' }, { role: 'ext:IC.coTeacher' }],
    ['EXT: prefix lower-cased', 'org', { type: 'EXT:region' }, { type: 'ext:region' }],
    ['vocabulary case repaired', 'enrollment', { role: 'Teacher' }, { role: 'teacher' }],
    ['scoreStatus spacing repaired', 'result', { scoreStatus: 'fully_graded' }, { scoreStatus: 'fully graded' }],
    ['unknown enum left for the validator', 'org', { type: 'galaxy' }, { type: 'galaxy' }],
    ['GUIDRef without href/type', 'enrollment', { user: { sourcedId: 'u1' } }, { user: { sourcedId: 'u1', type: 'user' } }],
    ['GUIDRef as bare id', 'class', { course: 'c1' }, { course: { sourcedId: 'c1', type: 'course' } }],
    ['GUIDRef href kept', 'class', { school: { sourcedId: 'o1', href: 'https://x/orgs/o1', type: 'org' } },
      { school: { sourcedId: 'o1', href: 'https://x/orgs/o1', type: 'org' } }],
    ['GUIDRef list of ids', 'class', { terms: ['t1', { sourcedId: 't2' }] },
      { terms: [{ sourcedId: 't1', type: 'academicSession' }, { sourcedId: 't2', type: 'academicSession' }] }],
    ['timestamp in a date field', 'academicSession', { startDate: '2024-08-01T00:00:00Z' }, { startDate: '2024-08-01' }],
    ['numeric string score', 'result', { score: '87.5' }, { score: 87.5 }],
    ['comma-separated grades', 'class', { grades: '09, 10' }, { grades: ['09', '10'] }],
    ['numeric sourcedId', 'org', { sourcedId: 42 }, { sourcedId: '42' }],
    ['offset timestamp converted to UTC', 'org', { dateLastModified: '2024-08-01T05:00:00-05:00' }, { dateLastModified: '2024-08-01T10:00:00.000Z' }],
    ['nulls dropped', 'user', { middleName: null }, {}],
  ])('%s', (_case, kind, input, expected) => {
    const { record } = normaliseRecord(kind, { ...base, ...input });
    expect(record).toEqual({ ...base, ...expected });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
    [
      '1.1 single role + orgs becomes roles[] (first org primary)',
      { role: 'teacher', orgs: [{ sourcedId: 'sch1' }, { sourcedId: 'sch2' }] },
      {
        roles: [
          { roleType: 'primary', role: 'teacher', org: org('sch1') },
          { roleType: 'secondary', role: 'teacher', org: org('sch2') },
        ],
        primaryOrg: org('sch1'),
      },
      /single role 'teacher' with 2 org/,
    ],
    [
      '1.1 administrator read as siteAdministrator',
      { role: 'administrator', orgs: [{ sourcedId: 'sch1' }] },
      { roles: [{ roleType: 'primary', role: 'siteAdministrator', org: org('sch1') }], primaryOrg: org('sch1') },
      /'administrator' read as 'siteAdministrator'/,
    ],
    [
      'orgs alongside roles[] is dropped',
      { roles: [{ roleType: 'Primary', role: 'STUDENT', org: 'sch1', beginDate: '2024-08-01T00:00:00Z' }], orgs: ['sch1'] },
      { roles: [{ roleType: 'primary', role: 'student', org: org('sch1'), beginDate: '2024-08-01' }] },
      /orgs ignored/,
    ],
  ])('user: %s', (_case, input, expected, note) => {
    const { record, notes } = normaliseRecord('user', { ...base, ...input });
    expect(record).toEqual({ ...base, ...expected });
    expect(notes.join('\n')).toMatch(note);
  });

  it('moves fields unknown to 1.2 into metadata, keeping existing metadata', () => {
    const { record, notes } = normaliseRecord('org', {
      ...base, name: 'X', metadata: { 'ic.legacySourcedId': '12' }, ic_indexSuffix: 'a',
    });
    expect(record).toEqual({ ...base, name: 'X', metadata: { 'ic.legacySourcedId': '12', ic_indexSuffix: 'a' } });
    expect(notes).toEqual(['fields unknown to OneRoster 1.2 moved into metadata: ic_indexSuffix']);
  });

  it('notes the 1.1 inactive status so the reason for a deletion is visible', () => {
    expect(normaliseRecord('enrollment', { ...base, status: 'inactive' }).notes).toEqual([
      "status 'inactive' (1.1) read as 'tobedeleted'",
    ]);
  });

  it('reports a non-object instead of throwing', () => {
    expect(normaliseRecord('user', 'oops').notes[0]).toMatch(/expected a JSON object/);
  });

  it('toWireRecord turns boolean flags back into the "true"/"false" strings 1.2 puts on the wire', () => {
    expect(toWireRecord('result', { ...base, late: true, missing: false, score: 3 })).toEqual({
      ...base, late: 'true', missing: 'false', score: 3,
    });
  });
});

describe('normaliseRecord repairs of what the standard leaves loose (counted per type)', () => {
  const service = 'https://or.example/ims/oneroster/rostering/v1p2';
  it.each<[string, EntityKind, Record<string, unknown>, string | undefined, Record<string, unknown>, string[]]>([
    ['relative href resolved against the service base', 'enrollment', { user: { sourcedId: 'u1', href: '/users/u1', type: 'user' } }, service,
      { user: { sourcedId: 'u1', href: `${service}/users/u1`, type: 'user' } }, ['relative-href']],
    ['relative href without a leading slash', 'class', { school: { sourcedId: 'o1', href: 'orgs/o1' } }, `${service}/`,
      { school: { sourcedId: 'o1', href: `${service}/orgs/o1`, type: 'org' } }, ['relative-href']],
    ['relative href with no base known is dropped (href is optional)', 'class', { course: { sourcedId: 'c1', href: '/courses/c1' } }, undefined,
      { course: { sourcedId: 'c1', type: 'course' } }, ['relative-href']],
    ['relative href inside a user role', 'user', { roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: 'o1', href: '/orgs/o1' } }] }, service,
      { roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: 'o1', href: `${service}/orgs/o1`, type: 'org' } }] }, ['relative-href']],
    ['absolute href is no repair', 'class', { course: { sourcedId: 'c1', href: 'https://x/courses/c1' } }, service,
      { course: { sourcedId: 'c1', href: 'https://x/courses/c1', type: 'course' } }, []],
    ['empty username read as absent', 'user', { username: '' }, service, { username: undefined }, ['empty-username']],
    ['blank username read as absent', 'user', { username: '  ' }, service, { username: undefined }, ['empty-username']],
    ['a username is kept', 'user', { username: 'jdoe' }, service, { username: 'jdoe' }, []],
  ])('%s', (_case, kind, input, baseUrl, expected, repairs) => {
    const out = normaliseRecord(kind, { ...base, ...input }, { baseUrl });
    for (const [field, value] of Object.entries(expected)) expect(out.record[field]).toEqual(value);
    expect(out.repairs).toEqual(repairs);
  });
});
