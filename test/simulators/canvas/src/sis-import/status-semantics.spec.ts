import { startCanvasSimulator, type CanvasSimulator } from '../index';
import { api, csv, importAndWait, zipOf } from '../testing/test-kit';

const BASE = zipOf({
  'courses.csv': csv('course_id,short_name,long_name,status', 'CS/101.11é,CS,Computing,active', 'C2,C2,Course 2,active'),
  'sections.csv': csv('section_id,course_id,name,status', 'S1,CS/101.11é,P1,active', 'S2,CS/101.11é,P2,active'),
  'users.csv': csv('user_id,login_id,full_name,status', 'U1,u1@x.org,Uma One,active', 'U2,u2@x.org,Ugo Two,active'),
  'enrollments.csv': csv('section_id,user_id,role,status', 'S1,U1,student,active', 'S2,U1,student,active', 'S1,U2,student,active'),
});

describe('Canvas simulator: status semantics, stickiness, restore, REST addressing', () => {
  let sim: CanvasSimulator;
  const run = (data: Uint8Array | string, type?: string) => importAndWait(sim, 'acme', 'tok', data, type);
  const roster = async () => (await api(sim, 'tok', '/api/v1/courses/sis_course_id:CS%2F101%2E11%C3%A9/enrollments?state[]=active&state[]=completed&state[]=deleted&per_page=100')).body
    .map((e: any) => `${e.sis_user_id}@${e.sis_section_id}=${e.enrollment_state}`).sort();

  beforeEach(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: ['tok'] }], throttle: false });
    await run(BASE);
  });
  afterEach(() => sim.close());

  it('deleted_last_completed deletes when another active enrollment remains, else completes; deleting a user deletes its enrollments', async () => {
    await run(csv('section_id,user_id,role,status', 'S2,U1,student,deleted_last_completed', 'S1,U2,student,deleted_last_completed'), 'text/csv');
    expect(await roster()).toEqual(['U1@S1=active', 'U1@S2=deleted', 'U2@S1=completed']);
    await run(csv('user_id,login_id,status', 'U1,u1@x.org,deleted'), 'text/csv');
    expect(await roster()).toEqual(['U1@S1=deleted', 'U1@S2=deleted', 'U2@S1=completed']);
    expect((await api(sim, 'tok', '/api/v1/users/sis_user_id:U1')).status).toBe(404);
  });

  it('keeps UI edits (sticky fields) unless override_sis_stickiness is sent', async () => {
    sim.account('acme').editInUi('course', 'sis_course_id:C2', { name: 'Renamed by teacher' });
    const rows = csv('course_id,short_name,long_name,status', 'C2,C2,Course 2 from SIS,active');
    await run(rows, 'text/csv');
    expect((await api(sim, 'tok', '/api/v1/courses/sis_course_id:C2')).body.name).toBe('Renamed by teacher');
    await api(sim, 'tok', '/api/v1/accounts/self/sis_imports?override_sis_stickiness=true&clear_sis_stickiness=true', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: rows });
    await sim.admin.waitForImports('acme');
    expect((await api(sim, 'tok', '/api/v1/courses/sis_course_id:C2')).body.name).toBe('Course 2 from SIS');
  });

  it('restore_states undoes an import; failure fault ends imports as failed', async () => {
    const deleting = await run(csv('course_id,short_name,long_name,status', 'C2,C2,Course 2,deleted'), 'text/csv');
    expect((await api(sim, 'tok', '/api/v1/courses/sis_course_id:C2')).status).toBe(404);
    const progress = await api(sim, 'tok', `/api/v1/accounts/self/sis_imports/${deleting.id}/restore_states?undelete_only=true`, { method: 'PUT' });
    expect(progress.body).toMatchObject({ tag: 'sis_batch_state_restore', workflow_state: 'completed' });
    expect((await api(sim, 'tok', '/api/v1/courses/sis_course_id:C2')).body.workflow_state).toBe('unpublished');
    expect((await api(sim, 'tok', `/api/v1/accounts/self/sis_imports/${deleting.id}`)).body.workflow_state).toBe('partially_restored');

    sim.admin.setFaults('acme', { importOutcome: 'failed' });
    expect((await run(csv('term_id,name,status', 'T1,Fall,active'), 'text/csv')).workflow_state).toBe('failed');
    sim.admin.setFaults('acme', { importOutcome: 'failed_with_messages' });
    const failed = await run(csv('term_id,name,status', 'T1,Fall,active'), 'text/csv');
    expect(failed.workflow_state).toBe('failed_with_messages');
    expect(failed.processing_errors[0][1]).toMatch(/^Error while importing CSV\. Please contact support\. \(Error report \d+\)$/);
  });

  it('pages with Link headers and opaque bookmarks until there is no next', async () => {
    const seen: string[] = [];
    let url: string | null = `/api/v1/courses/sis_course_id:CS%2F101%2E11%C3%A9/sections?per_page=1`;
    while (url) {
      const res = await api(sim, 'tok', url);
      seen.push(...res.body.map((s: any) => s.sis_section_id));
      const next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '');
      expect(res.headers.get('link')).toContain('page=bookmark');
      url = next ? next[1].replace(sim.baseUrl, '') : null;
    }
    expect(seen.sort()).toEqual(['S1', 'S2']);
  });

  it('answers 5xx while the server-error fault is armed, then recovers', async () => {
    sim.admin.setFaults('acme', { serverErrors: { status: 503, remaining: 1 } });
    expect((await api(sim, 'tok', '/api/v1/accounts/self')).status).toBe(503);
    expect((await api(sim, 'tok', '/api/v1/accounts/self')).status).toBe(200);
  });
});
