import type { User } from '@rp/oneroster';
import { createProjectionContext } from './projection-context';
import { ProvisioningMappingError } from './provisioning-mapping.error';
import { NOW, role, settingsWith, user } from './testing/records';
import { projectUser } from './user.mapper';

const ctx = createProjectionContext('acme', NOW);
const withIds: User = user('u-1', [role('student')], {
  username: 'jdoe',
  email: 'Jane.Doe@acme.example',
  userIds: [{ type: 'LDAP', identifier: 'jdoe-ldap' }, { type: 'SIS', identifier: '12345' }],
  userMasterIdentifier: 'master-1',
  identifier: 'ident-1',
});
const userRow = (u: User, input: unknown = {}) => projectUser(u, ctx, settingsWith(input))[0]?.row as unknown as Record<string, unknown> | undefined;

describe('projectUser', () => {
  it('user_id = sourcedId, names, email, active; belongs to its primary school', () => {
    const [projection] = projectUser({ ...withIds, primaryOrg: { sourcedId: 'sch-2', type: 'org' } }, ctx, settingsWith());
    expect(projection).toMatchObject({
      type: 'user', sisId: 'u-1', op: 'upsert', schoolSourcedId: 'sch-2', sources: [{ type: 'user', sourcedId: 'u-1' }],
      row: { user_id: 'u-1', login_id: 'jdoe', first_name: 'Given-u-1', last_name: 'Family-u-1', email: 'Jane.Doe@acme.example', status: 'active' },
    });
  });

  it.each([
    ['username', { from: 'username' }, 'jdoe'],
    ['email', { from: 'email' }, 'Jane.Doe@acme.example'],
    ['userIds type', { from: 'userId', type: 'LDAP' }, 'jdoe-ldap'],
    ['userIds type, case-insensitive', { from: 'userId', type: 'sis' }, '12345'],
  ])('login_id from %s', (_rule, source, expected) => {
    expect(userRow(withIds, { users: { loginId: [source] } })?.login_id).toBe(expected);
  });

  it('falls back to the next login source when the first is empty', () => {
    const row = userRow({ ...withIds, userIds: [] }, { users: { loginId: [{ from: 'userId', type: 'LDAP' }, { from: 'email' }] } });
    expect(row?.login_id).toBe('Jane.Doe@acme.example');
  });

  it('a user without any configured login id is a permanent error naming tenant, user and fix', () => {
    const settings = settingsWith({ users: { loginId: [{ from: 'userId', type: 'LDAP' }, { from: 'email' }] } });
    const bare = user('u-2', [role('student')], { username: undefined });
    expect(() => projectUser(bare, ctx, settings)).toThrow(ProvisioningMappingError);
    expect(() => projectUser(bare, ctx, settings)).toThrow(
      'tenant acme: user u-2 has no login id: userIds[type=LDAP], email are all empty; fill it in the SIS or change users.loginId',
    );
  });

  it.each([
    ['enabled, active → active', { enabledUser: true }, 'active', 'upsert'],
    ['enabledUser=false → suspended', { enabledUser: false }, 'suspended', 'upsert'],
    ['tobedeleted → deleted', { status: 'tobedeleted' as const }, 'deleted', 'delete'],
    ['tobedeleted and disabled → deleted', { status: 'tobedeleted' as const, enabledUser: false }, 'deleted', 'delete'],
  ])('status: %s', (_rule, change, status, op) => {
    const [projection] = projectUser({ ...withIds, ...change }, ctx, settingsWith());
    expect(projection).toMatchObject({ op, row: { status } });
  });

  it('a tobedeleted user without login id is still deleted (keyed by user_id)', () => {
    const [projection] = projectUser(user('u-3', [role('student')], { username: undefined, status: 'tobedeleted' }), ctx, settingsWith());
    expect(projection.row).toMatchObject({ user_id: 'u-3', login_id: 'u-3', status: 'deleted' });
  });

  it.each([
    ['preferred names used', { users: { preferredNames: true } }, ['Janie', 'Doe-Smith']],
    ['preferred names ignored', { users: { preferredNames: false } }, ['Given-u-1', 'Family-u-1']],
  ])('names: %s', (_rule, input, [first, last]) => {
    const row = userRow({ ...withIds, preferredFirstName: 'Janie', preferredLastName: 'Doe-Smith' }, input);
    expect([row?.first_name, row?.last_name]).toEqual([first, last]);
  });

  it.each([
    ['email on', { users: { email: true } }, 'Jane.Doe@acme.example'],
    ['email off', { users: { email: false } }, undefined],
  ])('%s', (_rule, input, expected) => {
    expect(userRow(withIds, input)?.email).toBe(expected);
  });

  it.each([
    ['none', { from: 'none' }, undefined],
    ['userMasterIdentifier', { from: 'userMasterIdentifier' }, 'master-1'],
    ['identifier', { from: 'identifier' }, 'ident-1'],
    ['userIds type', { from: 'userId', type: 'SIS' }, '12345'],
  ])('integration_id from %s', (_rule, source, expected) => {
    expect(userRow(withIds, { users: { integrationId: source } })?.integration_id).toBe(expected);
  });

  it.each([
    ['guardian-only, observers off → not provisioned', [role('guardian')], {}, 0],
    ['guardian-only, observers on → provisioned', [role('guardian')], { observers: { enabled: true } }, 1],
    ['relative-only, observers on for guardians only → not provisioned', [role('relative')], { observers: { enabled: true, roles: ['guardian'] } }, 0],
    ['teacher who is also a parent, observers off → provisioned', [role('teacher'), role('parent', 'sch-2')], {}, 1],
    ['aide → provisioned', [role('aide')], {}, 1],
  ])('%s', (_rule, roles, input, count) => {
    expect(projectUser(user('g-1', roles), ctx, settingsWith(input))).toHaveLength(count);
  });
});
