import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { CanvasHttpClient } from '../http/canvas-http.client';
import { sisId } from '../http/sis-id';
import { CanvasRestClient } from '../rest/canvas-rest.client';
import { SisImportClient } from './import/sis-import.client';
import type { SisImportOutcome } from './import/sis-import.types';
import { SisImportZipWriter } from './writer/sis-import-zip.writer';

describe('SIS CSV writer against the Canvas simulator', () => {
  let sim: CanvasSimulator;
  let imports: SisImportClient;
  let rest: CanvasRestClient;
  let scratch: string;

  beforeAll(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: ['tok-acme'], shard: 2107 }], importSpeed: { rowsPerStep: 50, stepDelayMs: 0 } });
    const http = new CanvasHttpClient({ baseUrl: sim.baseUrl, token: 'tok-acme', tenant: 'acme' });
    imports = new SisImportClient(http, { polling: { initialDelayMs: 20, maxDelayMs: 200, timeoutMs: 60_000 } });
    rest = new CanvasRestClient(http);
    scratch = await mkdtemp(join(tmpdir(), 'canvas-sim-spec-'));
  });
  afterAll(async () => {
    await sim?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  async function importWith(fill: (w: SisImportZipWriter) => Promise<void>): Promise<SisImportOutcome> {
    // Users mix first/last and full names, so the header is declared rather than taken from the first row.
    const writer = await SisImportZipWriter.create({ columns: { users: ['user_id', 'login_id', 'first_name', 'last_name', 'full_name', 'status'] } });
    try {
      await fill(writer);
      return await imports.importZip('self', (await writer.finish()).path);
    } finally {
      await writer.dispose();
    }
  }

  async function importRaw(files: Record<string, string>): Promise<SisImportOutcome> {
    const path = join(scratch, `raw-${Object.keys(files).join('-')}.zip`);
    await writeFile(path, zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
    return imports.importZip('self', path);
  }

  const messages = (outcome: SisImportOutcome) => [...outcome.warnings, ...outcome.errors].map((m) => `${m.file}: ${m.message}`);

  it('accepts every file kind in one zip and applies them in dependency order', async () => {
    const outcome = await importWith(async (w) => {
      await w.write('user_observers', { observer_id: 'P1', student_id: 'U1-old', status: 'active' });
      await w.write('enrollments', { section_id: 'S1', user_id: 'U1-old', role: 'student', status: 'active' });
      await w.write('enrollments', { course_id: 'C1', user_id: 'T1', role: 'teacher', status: 'active' });
      await w.write('users', { user_id: 'U1-old', login_id: 'student1', first_name: 'Zoë', last_name: 'Ørsted, Jr.', status: 'active' });
      await w.write('users', { user_id: 'T1', login_id: 'teacher1', full_name: 'Ms "T"', status: 'active' });
      await w.write('users', { user_id: 'P1', login_id: 'parent1', full_name: 'Parent', status: 'active' });
      await w.write('xlists', { xlist_course_id: 'C2', section_id: 'S2', status: 'active' });
      await w.write('sections', { section_id: 'S1', course_id: 'C1', name: 'Period 1', status: 'active' });
      await w.write('sections', { section_id: 'S2', course_id: 'C1', name: 'Period 2', status: 'active' });
      await w.write('courses', { course_id: 'C1', short_name: 'ALG1', long_name: 'Algebra 1, Fall', account_id: 'A1', term_id: 'T2025', status: 'active' });
      await w.write('courses', { course_id: 'C2', short_name: 'ALG1-X', long_name: 'Algebra 1 (combined)', account_id: 'A1', term_id: 'T2025', status: 'active' });
      await w.write('terms', { term_id: 'T2025', name: '2025-26', status: 'active', start_date: '2025-08-20T00:00:00Z', end_date: '2026-06-10T00:00:00Z' });
      await w.write('accounts', { account_id: 'A1', parent_account_id: '', name: 'North High', status: 'active' });
    });
    expect(messages(outcome)).toEqual([]);
    expect(outcome).toMatchObject({ state: 'imported', succeeded: true, counts: { accounts: 1, terms: 1, courses: 2, sections: 2, xlists: 1, users: 3, enrollments: 2 } });

    const c1 = await rest.getCourse(sisId('course', 'C1'));
    const c2 = await rest.getCourse(sisId('course', 'C2'));
    expect(c1).toMatchObject({ name: 'Algebra 1, Fall', course_code: 'ALG1' });
    expect((await rest.getSection(sisId('section', 'S2'))).course_id).toBe(c2.id);
    expect((await rest.getUser(sisId('user', 'T1'))).name).toBe('Ms "T"');

    const renamed = await importWith(async (w) => {
      await w.write('change_sis_id', { old_id: 'U1-old', new_id: 'U1', type: 'user' });
      await w.write('enrollments', { course_id: 'C2', user_id: 'U1', role: 'student', status: 'active' });
    });
    expect(messages(renamed)).toEqual([]);
    const u1 = await rest.getUser(sisId('user', 'U1'));
    const inC2 = [];
    for await (const e of rest.listEnrollments({ course: c2.id })) inC2.push(e.user_id);
    expect(inC2).toContain(u1.id);
  });

  it.each([
    ['a missing required column', { 'enrollments.csv': 'course_id,user_id,status\r\nC1,T1,active\r\n' }, 'enrollments.csv: No role_id or role given for an enrollment'],
    ['a bad status', { 'users.csv': 'user_id,login_id,status\r\nU5,u5,retired\r\n' }, 'users.csv: Improper status for user U5'],
  ])('reports Canvas row errors for %s', async (_name, files, expected) => {
    expect(messages(await importRaw(files))).toContainEqual(expect.stringContaining(expected));
  });

  it('reports a well-formed enrollment in an unknown course as Canvas does', async () => {
    const outcome = await importWith((w) => w.write('enrollments', { course_id: 'C404', user_id: 'T1', role: 'student', status: 'active' }));
    expect(messages(outcome)).toEqual(['enrollments.csv: Neither course C404 nor section  existed for user enrollment']);
    expect(outcome.state).toBe('imported_with_messages');
  });
});
