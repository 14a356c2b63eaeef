import type { Router } from '../http/router';
import { json, notFound, type AccountRequest } from '../http/types';
import { findAccount, findCourse, findSection, findTerm, findUser } from '../lookup';
import { paginate } from '../pagination';
import type { Account, CourseState } from '../state/model';
import { accountJson, courseJson, sectionJson, termJson, userJson } from './json';

function descendants(req: AccountRequest, root: Account, recursive: boolean): Account[] {
  const out: Account[] = [];
  const walk = (parentId: number) => {
    for (const a of req.account.accounts.values()) {
      if (a.parentId === parentId && a.workflowState !== 'deleted') {
        out.push(a);
        if (recursive) walk(a.id);
      }
    }
  };
  walk(root.id);
  return out;
}

/**
 * `state[]` of `GET /accounts/:id/courses` as Canvas documents it: `created`, `claimed`, `available`, `completed`,
 * `deleted`, `all`; none given → every state but deleted. Canvas's `created` and `claimed` courses are both the
 * unpublished ones (the simulator keeps them as `claimed`); unknown values match nothing.
 */
export function courseStatesOf(requested: readonly string[]): Set<CourseState> {
  if (requested.length === 0) return new Set<CourseState>(['claimed', 'available', 'completed']);
  const states = new Set<CourseState>();
  for (const state of requested) {
    if (state === 'all') return new Set<CourseState>(['claimed', 'available', 'completed', 'deleted']);
    if (state === 'created' || state === 'claimed') states.add('claimed');
    if (state === 'available' || state === 'completed' || state === 'deleted') states.add(state);
  }
  return states;
}

/** Accounts, terms, courses, sections and users: the REST reads a loader uses to check Canvas. */
export function registerRosterRoutes(router: Router<AccountRequest>): void {
  // Accounts the caller manages: the root account and its sub-accounts (an account admin's token). Canvas addresses
  // an account by its numeric id (or sis_account_id:…), never by its uuid: /accounts/<uuid> answers 404.
  router.get('/api/v1/accounts', (req) =>
    paginate([req.account.rootAccount, ...descendants(req, req.account.rootAccount, true)].filter((a) => a.workflowState !== 'deleted'), req, (x) => accountJson(req.account, x)));
  router.get('/api/v1/accounts/:id', (req) => {
    const a = findAccount(req.account, req.params.id);
    return a && a.workflowState !== 'deleted' ? json(accountJson(req.account, a)) : notFound();
  });
  router.get('/api/v1/accounts/:id/sub_accounts', (req) => {
    const a = findAccount(req.account, req.params.id);
    if (!a) return notFound();
    return paginate(descendants(req, a, req.query.get('recursive') === 'true'), req, (x) => accountJson(req.account, x));
  });
  router.get('/api/v1/accounts/:id/terms', (req) => {
    if (!findAccount(req.account, req.params.id)) return notFound();
    const state = req.query.get('workflow_state[]') ?? req.query.get('workflow_state') ?? 'active';
    const terms = [...req.account.terms.values()].filter((t) => state === 'all' || t.workflowState === state);
    const page = paginate(terms, req, termJson);
    return { ...page, body: { enrollment_terms: page.body } };
  });
  router.get('/api/v1/accounts/:account_id/terms/:id', (req) => {
    const t = findTerm(req.account, req.params.id);
    return t ? json(termJson(t)) : notFound();
  });
  router.get('/api/v1/accounts/:id/courses', (req) => {
    const a = findAccount(req.account, req.params.id);
    if (!a) return notFound();
    const within = new Set([a.id, ...descendants(req, a, true).map((x) => x.id)]);
    const states = courseStatesOf(req.query.getAll('state[]'));
    const term = req.query.get('enrollment_term_id');
    const termId = term ? findTerm(req.account, term)?.id : undefined;
    const courses = [...req.account.courses.values()].filter((c) => within.has(c.accountId) && states.has(c.workflowState) &&
      (termId === undefined || c.termId === termId));
    return paginate(courses, req, (c) => courseJson(req.account, c));
  });
  router.get('/api/v1/courses/:id', (req) => {
    const c = findCourse(req.account, req.params.id);
    return c && c.workflowState !== 'deleted' ? json(courseJson(req.account, c)) : notFound();
  });
  router.get('/api/v1/courses/:id/sections', (req) => {
    const c = findCourse(req.account, req.params.id);
    if (!c) return notFound();
    const sections = [...req.account.sections.values()].filter((s) => s.courseId === c.id && s.workflowState !== 'deleted');
    return paginate(sections, req, (s) => sectionJson(req.account, s));
  });
  const oneSection = (req: AccountRequest) => {
    const s = findSection(req.account, req.params.id);
    return s && s.workflowState !== 'deleted' ? json(sectionJson(req.account, s)) : notFound();
  };
  router.get('/api/v1/sections/:id', oneSection);
  router.get('/api/v1/courses/:course_id/sections/:id', oneSection);
  router.get('/api/v1/accounts/:id/users', (req) => {
    if (!findAccount(req.account, req.params.id)) return notFound();
    const term = req.query.get('search_term')?.toLowerCase();
    const users = [...req.account.users.values()].filter((u) => u.workflowState !== 'deleted' &&
      (!term || [u.name, u.loginId, u.sisId ?? ''].some((v) => v.toLowerCase().includes(term))));
    return paginate(users, req, userJson);
  });
  router.get('/api/v1/users/:id', (req) => {
    const u = findUser(req.account, req.params.id);
    return u && u.workflowState !== 'deleted' ? json(userJson(u)) : notFound();
  });
}
