import { Router } from '../http/router';
import { json, type ApiRequest, type ApiResponse } from '../http/types';
import { sisImportJson } from '../sis-import/import-record';
import type { SimulatorAdmin } from './simulator-admin';

type Body = Record<string, unknown>;
const bodyOf = (req: ApiRequest): Body => (req.body.length ? (JSON.parse(req.body.toString('utf8')) as Body) : {});
const str = (v: unknown) => (v === undefined ? undefined : String(v));

/** HTTP face of the admin API (/__admin/…), for simulators run as a separate process. */
export function adminRouter(admin: SimulatorAdmin): Router<ApiRequest> {
  const r = new Router<ApiRequest>();
  const acct = (req: ApiRequest) => admin.account(req.params.key);
  const ok = (body: unknown = { ok: true }): ApiResponse => json(body);
  const gradeRoute = (path: string, fn: (req: ApiRequest, b: Body) => unknown) =>
    r.post(`/__admin/accounts/:key/courses/:course/assignments/:assignment/${path}`, (req) => ok(fn(req, bodyOf(req))));

  r.get('/__admin/accounts', () => ok(admin.accountKeys()));
  r.get('/__admin/accounts/:key/imports', (req) => ok(admin.imports(req.params.key).map((rec) => ({
    ...sisImportJson(rec, req.baseUrl, req.params.key),
    files: rec.files.map((f) => ({ name: f.name, kind: f.kind, headers: f.headers, rows: f.rows })),
    messages: rec.messages,
  }))));
  r.get('/__admin/accounts/:key/state', (req) => {
    const s = admin.state(req.params.key);
    const plain = (m: Map<number, object>) => [...m.values()].map((x) => JSON.parse(JSON.stringify(x, (_k, v) => (v instanceof Set ? [...v] : v))));
    return ok({
      accounts: plain(s.accounts), terms: plain(s.terms), courses: plain(s.courses), sections: plain(s.sections),
      users: plain(s.users), enrollments: plain(s.enrollments), observerLinks: s.observerLinks,
      assignmentGroups: plain(s.assignmentGroups), assignments: plain(s.assignments), submissions: plain(s.submissions),
    });
  });
  r.post('/__admin/accounts/:key/wipe', (req) => ok(admin.wipe(req.params.key)));
  r.post('/__admin/accounts/:key/faults', (req) => ok(admin.setFaults(req.params.key, bodyOf(req))));
  r.post('/__admin/accounts/:key/faults/clear', (req) => ok(admin.clearFaults(req.params.key)));
  r.post('/__admin/accounts/:key/webhook', (req) => ok(admin.setWebhook(req.params.key, str(bodyOf(req).url))));
  r.post('/__admin/accounts/:key/sign-payload', (req) => ok(admin.setSignPayload(req.params.key, bodyOf(req).on !== false)));
  r.post('/__admin/accounts/:key/courses/:course/assignment_groups', (req) => ok(acct(req).createAssignmentGroup(req.params.course, bodyOf(req) as never)));
  r.post('/__admin/accounts/:key/courses/:course/assignments', (req) => ok(acct(req).createAssignment(req.params.course, bodyOf(req) as never)));
  r.put('/__admin/accounts/:key/courses/:course/assignments/:assignment', (req) => ok(acct(req).updateAssignment(req.params.course, req.params.assignment, bodyOf(req))));
  r.post('/__admin/accounts/:key/courses/:course/post_policy', (req) => ok(acct(req).setPostPolicy(req.params.course, Boolean(bodyOf(req).postManually), str(bodyOf(req).assignment))));
  r.post('/__admin/accounts/:key/courses/:course/users/:user/override', (req) => ok(acct(req).overrideCourseGrade(req.params.course, req.params.user, (bodyOf(req).score ?? null) as number | null)));
  gradeRoute('grade', (req, b) => acct(req).grade(req.params.course, req.params.assignment, String(b.user), b as never));
  gradeRoute('excuse', (req, b) => acct(req).excuse(req.params.course, req.params.assignment, String(b.user)));
  gradeRoute('late', (req, b) => acct(req).markLate(req.params.course, req.params.assignment, String(b.user), b.secondsLate as number | undefined));
  gradeRoute('missing', (req, b) => acct(req).markMissing(req.params.course, req.params.assignment, String(b.user)));
  gradeRoute('submit', (req, b) => acct(req).submit(req.params.course, req.params.assignment, String(b.user)));
  gradeRoute('post', (req, b) => acct(req).postGrades(req.params.course, req.params.assignment, { users: b.users as string[] | undefined }));
  gradeRoute('hide', (req) => acct(req).hideGrades(req.params.course, req.params.assignment));
  r.get('/__admin/live-events', (req) => ok(admin.liveEvents({ accountKey: req.query.get('account') ?? undefined, eventName: req.query.get('event') ?? undefined })));
  r.post('/__admin/live-events/drop', (req) => ok(admin.dropLiveEvents(bodyOf(req))));
  r.post('/__admin/live-events/drop/clear', () => ok(admin.clearDropRules()));
  r.post('/__admin/live-events/rotate-key', async (req) => ok({ kid: await admin.rotateSigningKey(bodyOf(req)) }));
  r.post('/__admin/throttle/reset', () => ok(admin.resetThrottle()));
  r.get('/__admin/accounts/:key/requests', (req) => ok(admin.requestCounts(req.params.key)));
  r.post('/__admin/requests/reset', (req) => ok(admin.resetRequestCounts(str(bodyOf(req).account))));
  r.post('/__admin/latency', (req) => ok(admin.setLatency(Number(bodyOf(req).ms))));
  return r;
}
