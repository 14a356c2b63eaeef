import type { ProvisioningEntity } from '@rp/mapping';
import { klass, user } from '../testing/records';
import { changesEnrollments } from './dependants';

const cls = (extra: Parameters<typeof klass>[2] = {}, refs = { course: 'crs-1', school: 'sch-1', terms: ['s1'] }): ProvisioningEntity => ({
  kind: 'class', record: klass('cls-1', refs, extra),
});
const usr = (extra: Parameters<typeof user>[2] = {}): ProvisioningEntity => ({ kind: 'user', record: user('u-1', undefined, extra) });

describe('changesEnrollments', () => {
  it.each<[string, ProvisioningEntity | undefined, ProvisioningEntity, boolean]>([
    ['a new class', undefined, cls(), true],
    ['a class rename', cls(), cls({ title: 'Other' }), false],
    ['a deleted class', cls(), cls({ status: 'tobedeleted' }), true],
    ['a class moved to another course', cls(), cls({}, { course: 'crs-2', school: 'sch-1', terms: ['s1'] }), true],
    ['a class moved to another term', cls(), cls({}, { course: 'crs-1', school: 'sch-1', terms: ['s2'] }), true],
    ['a class moved to another school', cls(), cls({}, { course: 'crs-1', school: 'sch-2', terms: ['s1'] }), true],
    ['a user rename', usr(), usr({ givenName: 'Other' }), false],
    ['a deleted user', usr(), usr({ status: 'tobedeleted' }), true],
    ['a new user', undefined, usr(), true],
    ['a course', undefined, { kind: 'course', record: { sourcedId: 'c', status: 'active', dateLastModified: '', title: 't' } } as ProvisioningEntity, false],
  ])('%s → %s', (_what, previous, next, expected) => {
    expect(changesEnrollments(previous, next)).toBe(expected);
  });
});
