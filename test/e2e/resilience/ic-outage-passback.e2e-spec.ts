import { join } from 'node:path';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { AppProcess, freePort, sleep, waitFor } from '../support';
import { deadLetterCounts, OUTAGE_MS, resilienceHarness } from './harness';

/**
 * Long outage (issue 16), grade passback: IC answers 500 to every call for a minute in the middle of a burst of
 * grades. The writer waits (it used to give up after a few seconds and dead-letter the writes while `ops passback
 * status` said "retrying"); once IC is back every grade lands with its one score, and nothing was dead-lettered.
 */
describe('long outage: IC unavailable for a minute during a passback burst', () => {
  const TENANT = 'icoutage';
  const h = resilienceHarness({
    name: 'out-ic', tenant: TENANT, seed: 12, size: 'tiny',
    prepare: async ({ env, canvas }) => {
      await (await env.tenants()).update(TENANT, {
        canvas: { liveEventsJwksUrl: canvas.jwksUrl },
        passback: { courseGradeCategoryTitle: 'Assessments', postToSisOnly: true },
      });
    },
  });
  let canvas: CanvasSimulator;
  let apps: AppProcess[] = [];
  let klass: { sourcedId: string; schoolSourcedId: string };
  let students: string[];

  const teacher = () => canvas.admin.account(TENANT);
  const course = () => `sis_course_id:${klass.sourcedId}`;
  const writes = () => h.setup.ic.admin.gradebookWrites().filter((w) => w.method === 'PUT' && w.status < 300);
  const resultBody = (w: { body?: unknown }) => (w.body as { result: { score?: number } }).result;
  const tails = () => apps.map((a) => a.tail(15)).join('\n');

  beforeAll(async () => {
    canvas = h.canvas;
    const { env, pipeline, setup } = h;
    const d = setup.district;
    const studentsOf = (c: string) =>
      d.enrollments.filter((e) => e.classSourcedId === c && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);
    klass = d.classes.filter((c) => c.status === 'active').sort((a, b) => studentsOf(b.sourcedId).length - studentsOf(a.sourcedId).length)[0];
    students = studentsOf(klass.sourcedId);
    expect((await pipeline.sync(TENANT, 'full')).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);

    const gatewayPort = await freePort();
    const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' }; // no reconciliation: only the consumers' retries
    apps = [
      new AppProcess('events-gateway', gatewayPort, env.appEnv(), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }), join(env.logDir, 'writer')),
    ];
    for (const app of apps) await app.start();
    canvas.admin.setWebhook(TENANT, `http://127.0.0.1:${gatewayPort}/live-events`);
  }, 400_000);

  h.beforeTeardown(async () => {
    for (const app of apps) await app.kill('SIGTERM');
  });

  it('lands every grade once IC is back, each with its one score, and dead-letters nothing', async () => {
    const d = h.setup.district;
    const ic = h.setup.ic.admin;
    const period = d.academicSessions.filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;
    const category = d.categories.find((c) => c.classSourcedId === klass.sourcedId && c.title === 'Assessments')
      ?? d.categories.find((c) => c.classSourcedId === klass.sourcedId)!;
    const group = teacher().createAssignmentGroup(course(), { name: category.title });
    const assignments = ['Quiz 1', 'Quiz 2'].map((name) =>
      teacher().createAssignment(course(), { name, pointsPossible: 100, dueAt, postToSis: true, assignmentGroupId: group.id }));
    const lineItems = assignments.map((a) => lineItemSourcedId(TENANT, String(a.id)));
    await waitFor('the lineItems in IC', () => lineItems.every((id) => writes().some((w) => w.kind === 'lineItems' && w.sourcedId === id)),
      { timeoutMs: 120_000, describe: tails });

    const cells = assignments.flatMap((a, i) => students.map((s, j) => ({ a, s, score: 50 + i * 20 + j, id: resultSourcedId(lineItems[i], s) })));
    const half = Math.ceil(cells.length / 2);
    const grade = (some: typeof cells) => {
      for (const c of some) teacher().grade(course(), c.a.id, `sis_user_id:${c.s}`, { score: c.score });
    };

    // IC goes away mid-burst: the first half is graded just before, the second half during the outage.
    grade(cells.slice(0, half));
    const outageStart = Date.now();
    ic.setFaults({ serverErrorNext: 1_000_000_000 });
    grade(cells.slice(half));
    await waitFor('the writer to be refused by IC', () => (ic.state().faults.serverErrorNext ?? 0) < 1_000_000_000 - 3, { timeoutMs: 120_000, describe: tails });
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    ic.setFaults({ serverErrorNext: 0 });

    const finalScore = (id: string) => {
      const puts = writes().filter((w) => w.kind === 'results' && w.sourcedId === id);
      return puts.length ? resultBody(puts[puts.length - 1]).score : undefined;
    };
    await waitFor('every graded cell in IC', () => cells.every((c) => finalScore(c.id) !== undefined), { timeoutMs: 300_000, describe: tails });
    expect(Object.fromEntries(cells.map((c) => [c.id, finalScore(c.id)]))).toEqual(Object.fromEntries(cells.map((c) => [c.id, c.score])));
    const cellIds = new Set(cells.map((c) => c.id));
    const scoresPut = new Map<string, Set<number | undefined>>();
    for (const w of writes().filter((x) => x.kind === 'results' && cellIds.has(x.sourcedId))) {
      scoresPut.set(w.sourcedId, (scoresPut.get(w.sourcedId) ?? new Set()).add(resultBody(w).score));
    }
    expect([...scoresPut].filter(([, scores]) => scores.size !== 1).map(([id]) => id)).toEqual([]); // no other score ever written
    expect(await deadLetterCounts(h.env)).toEqual({});
  }, 900_000);
});
