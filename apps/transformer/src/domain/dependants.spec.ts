import type { ProvisioningEntity } from '@rp/mapping';
import { klass, session, user } from '../testing/records';
import { changesClasses, changesEnrollments } from './dependants';

const cls = (extra: Parameters<typeof klass>[2] = {}, refs = { course: 'crs-1', school: 'sch-1', terms: ['s1'] }): ProvisioningEntity => ({
  kind: 'class', record: klass('cls-1', refs, extra),
});
const usr = (extra: Parameters<typeof user>[2] = {}): ProvisioningEntity => ({ kind: 'user', record: user('u-1', undefined, extra) });

describe('changesEnrollments', () => {
  it.each<[string, ProvisioningEntity | undefined, ProvisioningEntity, boolean]>([
    ['a new class (drops that came before it get their course_id)', undefined, cls(), true],
    ['a class rename', cls(), cls({ title: 'Other' }), false],
    ['a deleted class', cls(), cls({ status: 'tobedeleted' }), true],
    ['a class moved to another course', cls(), cls({}, { course: 'crs-2', school: 'sch-1', terms: ['s1'] }), true],
    ['a class moved to another term', cls(), cls({}, { course: 'crs-1', school: 'sch-1', terms: ['s2'] }), true],
    ['a class moved to another school', cls(), cls({}, { course: 'crs-1', school: 'sch-2', terms: ['s1'] }), true],
    ['a user rename', usr(), usr({ givenName: 'Other' }), false],
    ['a deleted user', usr(), usr({ status: 'tobedeleted' }), true],
    ['a new user (its enrollments wait for it, parked, and are released)', undefined, usr(), false],
    ['a course', undefined, { kind: 'course', record: { sourcedId: 'c', status: 'active', dateLastModified: '', title: 't' } } as ProvisioningEntity, false],
  ])('%s → %s', (_what, previous, next, expected) => {
    expect(changesEnrollments(previous, next)).toBe(expected);
  });
});

const ses = (extra: Parameters<typeof session>[4] = {}, end = '2025-01-10'): ProvisioningEntity => ({
  kind: 'academicSession', record: session('s1', 'semester', '2024-08-15', end, extra),
});

describe('changesClasses', () => {
  it.each<[string, ProvisioningEntity | undefined, ProvisioningEntity, boolean]>([
    ['a new session (classes waiting for it are released instead)', undefined, ses(), false],
    ['a session rename', ses(), ses({ title: 'Other' }), false],
    ['a session that ends later', ses(), ses({}, '2025-01-20'), true],
    ['a session of another type', ses(), ses({ type: 'term' }), true],
    ['a session under another parent', ses(), ses({ parent: { sourcedId: 'sy2', type: 'academicSession' } }), true],
    ['a class', cls(), cls({ title: 'x' }), false],
  ])('%s → %s', (_what, previous, next, expected) => {
    expect(changesClasses(previous, next)).toBe(expected);
  });
});
