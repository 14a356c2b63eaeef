import type { User } from '@rp/oneroster';
import { projectObserverLinks } from './observer.mapper';
import { createProjectionContext } from './projection-context';
import { agents, NOW, role, settingsWith, user } from './testing/records';
import { projectUser } from './user.mapper';

const on = settingsWith({ observers: { enabled: true } });
const guardian = (extra: Partial<User> = {}) => user('g-1', [role('guardian')], { agents: agents('stu-1'), ...extra });
const student = (extra: Partial<User> = {}) => user('stu-1', [role('student', 'sch-7')], { agents: agents('g-1'), ...extra });
const ctxWith = (...users: User[]) => createProjectionContext('acme', NOW, { users });
const links = (u: User, others: User[], settings = on) =>
  projectObserverLinks(u, ctxWith(...others), settings).map((p) => ({ sisId: p.sisId, op: p.op, row: p.row, school: p.schoolSourcedId }));

describe('observer links (user_observers)', () => {
  const active = { sisId: 'g-1:stu-1', op: 'upsert', row: { observer_id: 'g-1', student_id: 'stu-1', status: 'active' }, school: 'sch-7' };
  const deleted = { ...active, op: 'delete', row: { ...active.row, status: 'deleted' } };

  it.each([
    ['from the guardian, student known', guardian(), [student()], on, [active]],
    ['from the student, guardian known', student(), [guardian()], on, [active]],
    ['from the guardian, student not yet received → nothing (the student emits it later)', guardian(), [], on, []],
    ['observers off → no links', guardian(), [student()], settingsWith(), []],
    ['guardian role not enabled → no links', guardian(), [student()], settingsWith({ observers: { enabled: true, roles: ['parent'] } }), []],
    ['guardian tobedeleted → link deleted', guardian({ status: 'tobedeleted' }), [student()], on, [deleted]],
    ['student tobedeleted (seen from guardian) → link deleted', guardian(), [student({ status: 'tobedeleted' })], on, [deleted]],
    ['agent of a guardian who is not a student → no link', guardian({ agents: agents('g-2') }), [user('g-2', [role('parent')])], on, []],
  ])('%s', (_rule, projected, others, settings, expected) => {
    expect(links(projected, others, settings)).toEqual(expected);
  });

  it('both sides produce the same row, so the content hash deduplicates them', () => {
    expect(links(guardian(), [student()])).toEqual(links(student(), [guardian()]));
  });

  it('a user projection carries its links', () => {
    const types = projectUser(guardian(), ctxWith(student()), on).map((p) => p.type);
    expect(types).toEqual(['user', 'user_observer']);
  });
});
