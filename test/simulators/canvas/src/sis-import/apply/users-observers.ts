import type { User } from '../../state/model';
import { isBlank, setSticky, track, type ApplyContext } from './context';
import { ensureObserverEnrollments, removeObserverEnrollments } from './observer-enrollments';

type Row = Record<string, string>;

function names(r: Row, login: string): { name: string; sortable: string; short: string } {
  const first = r.first_name ?? '';
  const last = r.last_name ?? '';
  const name = !isBlank(r.full_name) ? r.full_name : first || last ? `${first} ${last}`.trim() : login;
  const sortable = !isBlank(r.sortable_name) ? r.sortable_name : first || last ? [last, first].filter(Boolean).join(', ') : name;
  const short = !isBlank(r.short_name) ? r.short_name : name;
  return { name, sortable, short };
}

/** users.csv: deleted removes the login (and the enrollments with it); suspended blocks sign-in only. */
export function applyUser(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  const deleting = /^deleted/i.test(r.status);
  if (deleting && ctx.options.skipDeletes) return true;
  let user = state.bySis(state.users, r.user_id);
  const holder = state.userByLogin(r.login_id);
  if (holder && holder !== user) {
    ctx.warn(`user ${holder.name} has already claimed ${r.user_id}'s requested login information, skipping`);
    return false;
  }
  const isNew = !user;
  const n = names(r, r.login_id);
  if (!user) {
    user = {
      id: state.nextId('user'), sisId: r.user_id, integrationId: null, stuck: new Set(), sisImportId: ctx.importId,
      createdAt: ctx.now, updatedAt: ctx.now, uuid: state.newUuid(), loginId: r.login_id, loginState: 'active',
      workflowState: 'registered', name: n.name, sortableName: n.sortable, shortName: n.short, email: null,
    } satisfies User;
    state.users.set(user.id, user);
  }
  const previous = isNew ? 'non-existent' : user.loginState;
  setSticky(ctx, user, 'loginId', r.login_id, isNew);
  if (!isBlank(r.full_name) || !isBlank(r.first_name) || !isBlank(r.last_name) || isNew) {
    setSticky(ctx, user, 'name', n.name, isNew);
    setSticky(ctx, user, 'sortableName', n.sortable, isNew);
  }
  if (!isBlank(r.short_name)) setSticky(ctx, user, 'shortName', n.short, isNew);
  if (!isBlank(r.email)) user.email = r.email;
  if (!isBlank(r.integration_id)) user.integrationId = r.integration_id;
  user.loginState = deleting ? 'deleted' : /^suspended/i.test(r.status) ? 'suspended' : 'active';
  user.workflowState = deleting ? 'deleted' : 'registered';
  user.sisImportId = ctx.importId;
  user.updatedAt = ctx.now;
  track(ctx, 'user', user.id, previous, user.loginState);
  if (deleting) {
    for (const e of state.enrollmentsOf({ userId: user.id }, (e) => e.workflowState !== 'deleted')) {
      track(ctx, 'enrollment', e.id, e.workflowState, 'deleted');
      e.workflowState = 'deleted';
      e.updatedAt = ctx.now;
    }
  }
  return true;
}

/** user_observers.csv: the observer follows all of the student's enrollments. */
export function applyUserObserver(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  const observer = state.bySis(state.users, r.observer_id);
  if (!observer || observer.workflowState === 'deleted') {
    ctx.warn(`An observer referenced a non-existent user ${r.observer_id}`);
    return false;
  }
  const student = state.bySis(state.users, r.student_id);
  if (!student || student.workflowState === 'deleted') {
    ctx.warn(`A student referenced a non-existent user ${r.student_id}`);
    return false;
  }
  if (observer === student) {
    ctx.warn(`Can't observe yourself user ${r.observer_id}`);
    return false;
  }
  let link = state.observerLinksOf(student.id).find((l) => l.observerId === observer.id);
  const previous = link?.workflowState ?? 'non-existent';
  if (!link) {
    link = { observerId: observer.id, studentId: student.id, workflowState: 'active', sisImportId: ctx.importId };
    state.observerLinks.push(link);
  }
  const deleting = /^deleted/i.test(r.status);
  if (deleting && ctx.options.skipDeletes) return true;
  link.workflowState = deleting ? 'deleted' : 'active';
  link.sisImportId = ctx.importId;
  track(ctx, 'observer', `${observer.id}:${student.id}`, previous, link.workflowState);
  if (deleting) removeObserverEnrollments(ctx, observer.id, student.id);
  else ensureObserverEnrollments(ctx, observer.id, student.id);
  return true;
}
