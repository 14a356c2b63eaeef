import { tokenOf } from '../auth';
import { iso } from '../clock';
import type { Router } from '../http/router';
import { badRequest, json, notFound, type AccountRequest, type ApiResponse } from '../http/types';
import { findAccount } from '../lookup';
import { paginate } from '../pagination';
import { acceptImport, createImport } from './create-import';
import { errorsCsv, sisImportJson, TERMINAL_STATES, type SisImportRecord } from './import-record';
import type { ImportQueue } from './queue';
import { restoreStates } from './restore';
import { transition } from './runner';

export interface SisImportDeps {
  now: () => number;
  queueFor: (req: AccountRequest) => ImportQueue;
}

const truthy = (v: string | null) => v !== null && /^(true|1)$/i.test(v);

/** Root-account guard shared by every SIS import route (doc §2). */
function rootGuard(req: AccountRequest): ApiResponse | null {
  const account = findAccount(req.account, req.params.account_id);
  if (!account) return notFound();
  if (account.parentId !== null) return badRequest('SIS imports can only be executed on root accounts');
  if (!req.account.sisImportsEnabled) return json({ errors: ['SIS imports are not enabled for this account'] }, 403);
  const token = tokenOf(req.headers, req.query);
  if (token && req.account.tokensWithoutSisImport.has(token)) {
    // A missing permission is 401, not 403 (docs/canvas.md §4.4).
    return json({ status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] }, 401);
  }
  return null;
}

function findImport(req: AccountRequest): SisImportRecord | undefined {
  return /^\d+$/.test(req.params.id) ? req.account.imports.get(Number(req.params.id)) : undefined;
}

/** SIS Imports API: create, list, status, abort, restore, errors. */
export function registerSisImportRoutes(router: Router<AccountRequest>, deps: SisImportDeps): void {
  const base = '/api/v1/accounts/:account_id/sis_imports';
  const render = (req: AccountRequest) => (rec: SisImportRecord) => sisImportJson(rec, req.baseUrl, req.account.key);
  const guarded = (fn: (req: AccountRequest) => ApiResponse) => (req: AccountRequest) => rootGuard(req) ?? fn(req);

  router.post(base, guarded((req) => {
    const rec = createImport(req, deps.now());
    if ('status' in rec) return rec;
    acceptImport(req.account, rec, deps.now());
    deps.queueFor(req).kick();
    return json(render(req)(rec));
  }));

  router.get(base, guarded((req) => {
    const states = req.query.getAll('workflow_state[]');
    const since = req.query.get('created_since');
    const before = req.query.get('created_before');
    const list = [...req.account.imports.values()].reverse().filter((r) =>
      (!states.length || states.includes(r.workflowState)) &&
      (!since || r.createdAt >= Date.parse(since)) && (!before || r.createdAt < Date.parse(before)));
    const page = paginate(list, req, render(req));
    return { ...page, body: { sis_imports: page.body } };
  }));

  router.get(`${base}/importing`, guarded((req) => json({
    sis_imports: [...req.account.imports.values()].filter((r) => ['importing', 'cleanup_batch'].includes(r.workflowState)).map(render(req)),
  })));

  router.put(`${base}/abort_all_pending`, guarded((req) => {
    for (const rec of req.account.imports.values()) abort(req, rec, deps.now());
    return json({ aborted: true });
  }));

  router.get(`${base}/:id`, guarded((req) => {
    const rec = findImport(req);
    return rec ? json(render(req)(rec)) : notFound();
  }));

  router.put(`${base}/:id/abort`, guarded((req) => {
    const rec = findImport(req);
    if (!rec) return notFound();
    if (!abort(req, rec, deps.now())) return badRequest('SIS Import could not be aborted');
    return json(render(req)(rec));
  }));

  router.put(`${base}/:id/restore_states`, guarded((req) => {
    const rec = findImport(req);
    if (!rec) return notFound();
    const form = new URLSearchParams([...req.query, ...new URLSearchParams(req.body.toString('utf8'))]);
    const opts = { batchMode: truthy(form.get('batch_mode')), undeleteOnly: truthy(form.get('undelete_only')), unconcludeOnly: truthy(form.get('unconclude_only')) };
    if (opts.undeleteOnly && opts.unconcludeOnly) return badRequest('Cannot use undelete_only and unconclude_only at the same time');
    if (rec.contentForgotten) return badRequest(`canvas-sim: import ${rec.id} cannot be restored: this simulator runs with retainImportContent: false, which forgets an import's rollback entries once it ends`);
    if (!TERMINAL_STATES.includes(rec.workflowState)) return badRequest('SIS Import must be finished before it can be restored');
    const at = deps.now();
    restoreStates(req.account, rec, opts, at);
    return json({
      id: req.account.nextId('progress'), context_id: rec.id, context_type: 'SisBatch', user_id: null,
      tag: 'sis_batch_state_restore', completion: 100, workflow_state: 'completed', created_at: iso(at), updated_at: iso(at),
      message: null, url: `${req.baseUrl}/api/v1/progress/${rec.id}`,
    });
  }));

  const errorsOf = (req: AccountRequest, recs: SisImportRecord[]) =>
    recs.flatMap((rec) => rec.messages.map((m) => ({ sis_import_id: rec.id, file: m.file, message: m.message, row: m.row })));
  router.get(`${base}/:id/errors`, guarded((req) => {
    const rec = findImport(req);
    if (!rec) return notFound();
    const page = paginate(errorsOf(req, [rec]), req, (x) => x);
    return { ...page, body: { sis_import_errors: page.body } };
  }));
  router.get('/api/v1/accounts/:account_id/sis_import_errors', guarded((req) => {
    const page = paginate(errorsOf(req, [...req.account.imports.values()].reverse()), req, (x) => x);
    return { ...page, body: { sis_import_errors: page.body } };
  }));
}

function abort(req: AccountRequest, rec: SisImportRecord, now: number): boolean {
  if (rec.workflowState === 'created') {
    rec.endedAt = now;
    transition(req.account, rec, 'aborted', now);
    return true;
  }
  if (rec.workflowState === 'importing') {
    rec.abortRequested = true; // the runner stops at its next step
    return true;
  }
  return false;
}

/** Unauthenticated download of an errors attachment (Canvas serves it as a file with a verifier). */
export function errorsAttachment(rec: SisImportRecord | undefined): ApiResponse {
  if (!rec) return notFound();
  return { status: 200, body: errorsCsv(rec), contentType: 'text/csv; charset=utf-8' };
}
