import type { ClassRecord, EnrollmentRecord, UserRecord } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, Pipeline, rosterOf, startCanvas, waitFor,
} from '../support';

interface ParkedRow {
  type: string;
  sourcedId: string;
  state: string;
  reason: string;
  waitingOn: string[];
}

/**
 * Issue 18 acceptance, end to end: a district whose IC lists a class and a user as `tobedeleted` (never in Canvas)
 * with active enrollments, a user whose only class is that deleted class, and aides sent as `ext:aide`. The run
 * ends with nothing waiting out of sight: each enrollment under the deleted class or user is listed by
 * `ops parked list` as blocked with its reason, `ops runs show` counts them, and Canvas is what IC means.
 */
describe('provisioning end to end: records under deleted parents are settled and listed', () => {
  const env = new E2eEnv('parked');
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  let deletedClass: ClassRecord;
  let deletedUser: UserRecord;
  let loner: UserRecord;
  let aide: EnrollmentRecord;
  let runId: string;

  const today = new Date().toISOString().slice(0, 10);
  const live = (e: EnrollmentRecord) => e.status === 'active' && today < e.endDate && e.role !== 'administrator';

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme']);
    acme = await addDistrict(env, canvas, { tenant: 'acme', seed: 14, simulator: { quirks: { extRoles: true } } });
    const { store, sis } = acme.ic.admin;
    const classes = (store.all('classes') as ClassRecord[]).filter((c) => c.status === 'active');
    const enrollments = store.all('enrollments') as EnrollmentRecord[];
    deletedClass = classes[0];
    const other = classes.find((c) => c.schoolSourcedId === deletedClass.schoolSourcedId && c !== deletedClass)!;
    sis.markDeleted('classes', deletedClass.sourcedId);
    // a student of another class, deleted in IC with its enrollments still active
    const student = enrollments.find((e) => e.role === 'student' && live(e) && e.classSourcedId !== deletedClass.sourcedId
      && !enrollments.some((o) => o.userSourcedId === e.userSourcedId && o.classSourcedId === deletedClass.sourcedId))!;
    deletedUser = sis.markDeleted('users', student.userSourcedId) as UserRecord;
    // a student whose only class is the deleted one
    const template = store.get('users', student.userSourcedId)!;
    loner = sis.add('users', { ...template, sourcedId: 'loner-1', username: 'loner.one', identifier: 'L1', email: 'loner.one@example.org', status: 'active' } as UserRecord);
    sis.addEnrollment({ userSourcedId: loner.sourcedId, classSourcedId: deletedClass.sourcedId, role: 'student' });
    // an aide (IC sends proctors as ext:aide with this quirk): becomes a TA by default
    const teacher = enrollments.find((e) => e.role === 'teacher' && live(e) && e.classSourcedId !== other.sourcedId)!;
    aide = sis.addEnrollment({ userSourcedId: teacher.userSourcedId, classSourcedId: other.sourcedId, role: 'proctor' });
    pipeline = await Pipeline.start(env);
    runId = (await pipeline.sync('acme', 'full')).runId;
    await pipeline.waitQuiet('acme', canvas, 'acme');
    await waitFor('the loader to finish the run', () => pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'loader' && e.phase === 'finished'), {
      timeoutMs: 120_000, describe: () => pipeline.describeRuns('acme'),
    });
  }, 420_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  const blockedExpected = () => {
    const enrollments = acme.ic.admin.store.all('enrollments') as EnrollmentRecord[];
    return enrollments.filter((e) => live(e) && (e.classSourcedId === deletedClass.sourcedId || e.userSourcedId === deletedUser.sourcedId));
  };

  it('Canvas is what IC means: no deleted class or user, the lone student without a course, the aide as TA', () => {
    const view = canvasSnapshot(canvas, 'acme');
    expect(diffViews(view, expectedCanvas(rosterOf(acme.ic.admin.store)))).toEqual([]);
    expect(view.courses[deletedClass.sourcedId]).toBeUndefined();
    expect(view.users[deletedUser.sourcedId]).toBeUndefined();
    expect(view.users[loner.sourcedId]).toBeDefined();
    expect(Object.keys(view.enrollments).filter((k) => k.includes(`:${loner.sourcedId}:`))).toEqual([]);
    expect(view.enrollments[`${aide.classSourcedId}:${aide.userSourcedId}:ta`]).toMatchObject({ state: 'active' });
  });

  it('ops parked list shows each enrollment under the deleted class or user as blocked, with the reason; nothing waits', async () => {
    const listed = await pipeline.ops(['parked', 'list', '--tenant', 'acme', '--limit', '500', '--json']);
    expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: '' });
    const rows = (JSON.parse(listed.stdout) as { rows: ParkedRow[] }).rows;
    expect(rows.filter((r) => r.state !== 'blocked')).toEqual([]);
    const expected = blockedExpected();
    expect(expected.length).toBeGreaterThan(2);
    expect(rows.map((r) => r.sourcedId).sort()).toEqual(expected.map((e) => e.sourcedId).sort());
    for (const e of expected) {
      const row = rows.find((r) => r.sourcedId === e.sourcedId)!;
      const parent = e.classSourcedId === deletedClass.sourcedId ? `class ${deletedClass.sourcedId}` : `user ${deletedUser.sourcedId}`;
      expect(row.reason).toBe(`blocked by deleted ${parent}; nothing sent`);
    }
    const lonerRow = expected.find((e) => e.userSourcedId === loner.sourcedId)!;
    const shown = await pipeline.ops(['parked', 'show', 'enrollment', lonerRow.sourcedId, '--tenant', 'acme']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`is blocked by deleted class ${deletedClass.sourcedId} (tobedeleted in IC) and was never in Canvas`);
  }, 120_000);

  it('ops runs show says the run finished in every stage and counts the blocked records', async () => {
    const shown = await pipeline.ops(['runs', 'show', runId, '--tenant', 'acme', '--json']);
    expect(shown.code).toBe(0);
    const run = JSON.parse(shown.stdout) as { status: string; parked: { waiting: number; blocked: number; flagged: number } };
    expect(run.status).toBe('finished');
    expect(run.parked).toEqual({ waiting: 0, flagged: 0, blocked: blockedExpected().length });
    const human = await pipeline.ops(['runs', 'show', runId, '--tenant', 'acme']);
    expect(human.stdout).toContain(`${blockedExpected().length} blocked by a deleted parent (nothing sent): see \`ops parked list --tenant acme\``);
  }, 120_000);
});
