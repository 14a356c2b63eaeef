import { startCanvasSimulator, type CanvasSimulator } from '../index';
import { api, csv, importAndWait, zipOf } from '../testing/test-kit';

const A = { key: 'acme', tokens: ['tok-acme'], shard: 2107 };
const B = { key: 'globex', tokens: ['tok-globex'], shard: 3107 };

const FULL = {
  // deliberately reversed and misnamed: Canvas recognises files by header and applies them in its own order
  'a-enrollments.csv': csv('course_id,user_id,role,section_id,status', 'C1,U1,student,S1,active', 'C1,T1,teacher,,active'),
  'b-users.csv': csv('user_id,login_id,first_name,last_name,status', 'U1,u1@x.org,Ada,Lovelace,active', 'T1,t1@x.org,Tim,Teach,active'),
  'c-sections.csv': csv('section_id,course_id,name,status', 'S1,C1,Period 1,active'),
  'd-courses.csv': csv('course_id,short_name,long_name,account_id,term_id,status', 'C1,MATH1,Math 1,SCH1,T2025,active'),
  'e-terms.csv': csv('term_id,name,status,start_date,end_date', 'T2025,2025-26,active,2025-08-01T00:00:00Z,2026-06-30T00:00:00Z'),
  'f-accounts.csv': csv('account_id,parent_account_id,name,status', 'SCH1,,North High,active'),
  'g-observers.csv': csv('observer_id,student_id,status', 'P1,U1,active'),
  'h-parents.csv': csv('user_id,login_id,full_name,status', 'P1,p1@x.org,Pat Parent,active'),
};

describe('Canvas simulator: SIS imports', () => {
  let sim: CanvasSimulator;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [A, B], throttle: false });
  });
  afterEach(() => sim.close());

  it('applies every file type in Canvas order whatever the zip order, and reports counts', async () => {
    const result = await importAndWait(sim, 'acme', 'tok-acme', zipOf(FULL));
    expect(result.workflow_state).toBe('imported');
    expect(result.progress).toBe(100);
    expect(result.data.supplied_batches).toEqual(['account', 'term', 'course', 'section', 'user', 'enrollment', 'user_observer']);
    expect(result.data.counts).toMatchObject({ accounts: 1, terms: 1, courses: 1, sections: 1, users: 3, enrollments: 2, user_observers: 1 });

    const course = (await api(sim, 'tok-acme', '/api/v1/courses/sis_course_id:C1')).body;
    expect(course).toMatchObject({ name: 'Math 1', course_code: 'MATH1', workflow_state: 'unpublished', sis_course_id: 'C1' });
    const school = (await api(sim, 'tok-acme', '/api/v1/accounts/sis_account_id:SCH1')).body;
    expect(course.account_id).toBe(school.id);
    const roster = (await api(sim, 'tok-acme', '/api/v1/courses/sis_course_id:C1/enrollments?per_page=50')).body;
    const bySis = Object.fromEntries(roster.map((e: any) => [`${e.sis_user_id}:${e.type}`, e]));
    expect(bySis['U1:StudentEnrollment'].sis_section_id).toBe('S1');
    expect(bySis['T1:TeacherEnrollment'].sis_section_id).toBeNull(); // no section → the course's default section
    expect(bySis['P1:ObserverEnrollment'].associated_user_id).toBe(bySis['U1:StudentEnrollment'].user_id);
  });

  it('keeps every received file and row inspectable', async () => {
    await importAndWait(sim, 'acme', 'tok-acme', zipOf(FULL));
    const [rec] = sim.admin.imports('acme');
    const enrollments = rec.files.find((f) => f.kind === 'enrollment')!;
    expect(enrollments.name).toBe('a-enrollments.csv');
    expect(enrollments.rows.map((r) => r.values.user_id)).toEqual(['U1', 'T1']);
    expect(rec.files.find((f) => f.name === 'h-parents.csv')!.kind).toBe('user');
  });

  it('with retainImportContent: false, forgets an ended import\'s rows but keeps its counts and file names', async () => {
    const lean = await startCanvasSimulator({ rootAccounts: [A], throttle: false, retainImportContent: false });
    try {
      const result = await importAndWait(lean, 'acme', 'tok-acme', zipOf(FULL));
      expect(result.data.counts).toMatchObject({ users: 3, enrollments: 2 });
      expect(result.csv_attachments.map((f: { display_name: string }) => f.display_name)).toContain('a-enrollments.csv');
      const [rec] = lean.admin.imports('acme');
      expect(rec.files.every((f) => f.rows.length === 0 && f.size > 0)).toBe(true);
      expect(rec.upload.bytes).toHaveLength(0);
      const restore = await api(lean, 'tok-acme', `/api/v1/accounts/self/sis_imports/${result.id}/restore_states`, { method: 'PUT' });
      expect(restore.status).toBe(400);
      expect(JSON.stringify(restore.body)).toMatch(/cannot be restored: this simulator runs with retainImportContent: false/);
    } finally {
      await lean.close();
    }
  });

  it('a lost response (502 after the work was done) still creates the import, which the list shows', async () => {
    sim.admin.setFaults('acme', { lostResponses: { remaining: 1, method: 'POST', pathIncludes: 'sis_imports' } });
    const lost = await api(sim, 'tok-acme', '/api/v1/accounts/self/sis_imports', { method: 'POST', body: Buffer.from(zipOf(FULL)), headers: { 'Content-Type': 'application/zip' } });
    expect(lost.status).toBe(502);
    await sim.admin.waitForImports('acme');
    const since = new Date(Date.now() - 60_000).toISOString();
    const listed = (await api(sim, 'tok-acme', `/api/v1/accounts/self/sis_imports?created_since=${since}`)).body.sis_imports;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ workflow_state: 'imported' });
    expect(listed[0].csv_attachments.map((f: { filename: string }) => f.filename)).toContain('b-users.csv');
  });

  it("reports malformed rows with Canvas's messages and row numbers", async () => {
    const zip = zipOf({
      'courses.csv': csv('course_id,short_name,status', 'C9,X9,active'), // long_name column missing
      'users.csv': csv('user_id,login_id,status', 'U9,u9@x.org,retired', 'U8,u8@x.org,active'),
      'enrollments.csv': csv('course_id,user_id,role,status', 'NOPE,U8,student,active', 'C9,U8,student,enrolled'),
    });
    const result = await importAndWait(sim, 'acme', 'tok-acme', zip);
    expect(result.workflow_state).toBe('imported_with_messages');
    expect(result.processing_warnings).toEqual([
      ['courses.csv', 'No long_name given for course C9'],
      ['users.csv', 'Improper status for user U9'],
      ['enrollments.csv', 'Neither course NOPE nor section  existed for user enrollment'], // Canvas's wording, blank section included
      ['enrollments.csv', 'Improper status "enrolled" for an enrollment'],
    ]);
    expect(result.data.counts).toMatchObject({ courses: 0, users: 1, enrollments: 0, warning_count: 4 });
    const errors = (await api(sim, 'tok-acme', `/api/v1/accounts/self/sis_imports/${result.id}/errors`)).body;
    expect(errors.sis_import_errors.map((e: any) => [e.file, e.row])).toEqual([
      ['courses.csv', 2], ['users.csv', 2], ['enrollments.csv', 2], ['enrollments.csv', 3],
    ]);
    const attachment = await fetch(result.errors_attachment.url).then((r) => r.text());
    expect(attachment.split('\n')[0]).toBe('sis_import_id,file,message,row');
    expect(attachment).toContain(`${result.id},users.csv,Improper status for user U9,2`);
  });

  it('fails a file whose header is not a Canvas CSV, and a malformed CSV', async () => {
    const zip = zipOf({ 'x.csv': csv('foo,bar', '1,2'), 'y.csv': 'user_id,login_id,status\n"U1,u@x,active\n', 'notes.txt': 'hello' });
    const result = await importAndWait(sim, 'acme', 'tok-acme', zip);
    expect(result.workflow_state).toBe('failed_with_messages');
    expect(result.processing_errors).toEqual([['x.csv', "Couldn't find Canvas CSV import headers"], ['y.csv', 'Malformed CSV']]);
    expect(result.processing_warnings).toEqual([['notes.txt', 'Skipping unknown file type']]);
  });

  it('accepts a single CSV as a raw text/csv body and as a multipart attachment', async () => {
    const raw = await importAndWait(sim, 'acme', 'tok-acme', csv('term_id,name,status', 'T1,Fall,active'), 'text/csv');
    expect(raw.data.counts.terms).toBe(1);
    const form = new FormData();
    form.append('import_type', 'instructure_csv');
    form.append('attachment', new Blob([csv('term_id,name,status', 'T2,Spring,active')], { type: 'text/csv' }), 'terms.csv');
    const posted = await api(sim, 'tok-acme', '/api/v1/accounts/1/sis_imports', { method: 'POST', body: form });
    expect(posted.status).toBe(200);
    await sim.admin.waitForImports('acme');
    const terms = (await api(sim, 'tok-acme', '/api/v1/accounts/1/terms')).body.enrollment_terms.map((t: any) => t.sis_term_id);
    expect(terms).toEqual([null, 'T1', 'T2']);
    const missing = await api(sim, 'tok-acme', '/api/v1/accounts/1/sis_imports', { method: 'POST', body: new FormData() });
    expect(missing).toMatchObject({ status: 400, body: { errors: ['Missing attachment'] } });
  });

  it('runs one import at a time per root account; later ones wait in created', async () => {
    sim.admin.setFaults('acme', { holdImports: true });
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const r = await api(sim, 'tok-acme', '/api/v1/accounts/self/sis_imports', {
        method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv('term_id,name,status', `T${n},Term ${n},active`),
      });
      ids.push(r.body.id);
    }
    const states = await Promise.all(ids.map((id) => api(sim, 'tok-acme', `/api/v1/accounts/self/sis_imports/${id}`)));
    expect(states.map((s) => s.body.workflow_state)).toEqual(['created', 'created', 'created']);
    sim.admin.setFaults('acme', { holdImports: false });
    await sim.admin.waitForImports('acme');
    let running = 0;
    let maxRunning = 0;
    for (const entry of sim.state.get('acme')!.importLog) {
      if (entry.workflowState === 'importing') running++;
      else if (entry.workflowState !== 'created') running--;
      maxRunning = Math.max(maxRunning, running);
    }
    expect(maxRunning).toBe(1);
    expect(sim.admin.imports('acme').map((i) => i.workflowState)).toEqual(['imported', 'imported', 'imported']);
  });

  it('isolates tenants: data, ids and tokens do not cross root accounts', async () => {
    await importAndWait(sim, 'acme', 'tok-acme', zipOf(FULL));
    expect((await api(sim, 'tok-globex', '/api/v1/courses/sis_course_id:C1')).status).toBe(404);
    expect((await api(sim, 'tok-globex', '/api/v1/accounts/self/sis_imports')).body.sis_imports).toEqual([]);
    await importAndWait(sim, 'globex', 'tok-globex', csv('course_id,short_name,long_name,status', 'C1,G,Globex course,active'), 'text/csv');
    expect((await api(sim, 'tok-globex', '/api/v1/courses/sis_course_id:C1')).body.name).toBe('Globex course');
    expect((await api(sim, 'tok-acme', '/api/v1/courses/sis_course_id:C1')).body.name).toBe('Math 1');
    expect((await api(sim, 'wrong', '/api/v1/courses/1')).status).toBe(401);
  });
});
