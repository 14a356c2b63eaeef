import { join } from 'node:path';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { AppProcess, freePort, waitFor } from '../support';
import { resilienceHarness } from './harness';

/**
 * Resilience (grade passback): the events-gateway, the gradebook processor and the gradebook writer are each
 * SIGKILLed in the middle of a burst of Live Events and started again. Every grade lands in the OneRoster
 * simulator exactly as an undisturbed run leaves it: events the gateway acknowledged are not lost, events Canvas
 * could not deliver while the gateway was down are delivered again by this test (as Canvas's retries would), and no
 * write is applied twice — except the very writes in flight when the writer was killed, repeated with the same content.
 * Each round grades different cells, so a lost event of any round is missing from the final gradebook.
 */
describe('resilience: SIGKILL during grade passback', () => {
  const TENANT = 'pbcrash';
  const h = resilienceHarness({
    name: 'res-passback', tenant: TENANT, seed: 11, size: 'tiny',
    prepare: async ({ env, canvas }) => {
      await (await env.tenants()).update(TENANT, {
        canvas: { liveEventsJwksUrl: canvas.jwksUrl },
        passback: { courseGradeCategoryTitle: 'Assessments', postToSisOnly: true },
      });
    },
  });
  let canvas: CanvasSimulator;
  let gateway: AppProcess;
  let processor: AppProcess;
  let writer: AppProcess;
  let gatewayUrl: string;
  let klass: { sourcedId: string; schoolSourcedId: string };
  let students: string[];

  const teacher = () => canvas.admin.account(TENANT);
  const course = () => `sis_course_id:${klass.sourcedId}`;
  const writes = () => h.setup.ic.admin.gradebookWrites().filter((w) => w.method === 'PUT' && w.status < 300);
  const resultBody = (w: { body?: unknown }) => (w.body as { result: { score?: number } }).result;
  const tails = () => [gateway, processor, writer].map((a) => a.tail(15)).join('\n');

  /** Deliveries Canvas made that failed (gateway down): POSTed again, unchanged, until the gateway takes them. */
  const redelivered = new Set<number>();
  async function redeliverFailed(): Promise<number> {
    await canvas.admin.flushLiveEvents();
    const failed = canvas.admin.liveEvents({ accountKey: TENANT }).filter((r) => r.outcome === 'failed' && r.jwt && !redelivered.has(r.seq));
    for (const record of failed) {
      await waitFor(`the gateway to accept event ${record.seq} again`, async () => {
        const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/jwt' }, body: record.jwt! }).catch(() => undefined);
        await res?.arrayBuffer();
        return !!res && res.status >= 200 && res.status < 300;
      }, { timeoutMs: 60_000, intervalMs: 300, describe: tails });
      redelivered.add(record.seq);
    }
    return failed.length;
  }

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
    gatewayUrl = `http://127.0.0.1:${gatewayPort}/live-events`;
    const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' }; // no reconciliation: a lost event stays lost
    gateway = new AppProcess('events-gateway', gatewayPort, env.appEnv(), env.logDir);
    processor = new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir);
    writer = new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }), join(env.logDir, 'writer'));
    for (const app of [gateway, processor, writer]) await app.start();
    canvas.admin.setWebhook(TENANT, gatewayUrl);
  }, 400_000);

  h.beforeTeardown(async () => {
    for (const app of [gateway, processor, writer]) await app?.kill('SIGTERM');
  });

  it('lands every grade exactly as an undisturbed run after the gateway, processor and writer were killed mid-burst', async () => {
    expect(students.length).toBeGreaterThanOrEqual(4);
    const d = h.setup.district;
    const period = d.academicSessions.filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;
    const category = d.categories.find((c) => c.classSourcedId === klass.sourcedId && c.title === 'Assessments')
      ?? d.categories.find((c) => c.classSourcedId === klass.sourcedId)!;
    const group = teacher().createAssignmentGroup(course(), { name: category.title });
    const assignments = ['Lab 1', 'Lab 2', 'Lab 3'].map((name) =>
      teacher().createAssignment(course(), { name, pointsPossible: 100, dueAt, postToSis: true, assignmentGroupId: group.id }));
    const lineItems = assignments.map((a) => lineItemSourcedId(TENANT, String(a.id)));
    await waitFor('the lineItems in IC', () => lineItems.every((id) => writes().some((w) => w.kind === 'lineItems' && w.sourcedId === id)),
      { timeoutMs: 90_000, describe: tails });

    // Every (assignment, student) cell gets one score, in six rounds; each round grades its own cells.
    const cells = assignments.flatMap((a, i) => students.map((s, j) => ({ a, s, score: 40 + i * 20 + j, id: resultSourcedId(lineItems[i], s) })));
    const rounds = Array.from({ length: 6 }, (_, r) => cells.filter((_, k) => k % 6 === r));
    const grade = (round: number) => {
      for (const c of rounds[round]) teacher().grade(course(), c.a.id, `sis_user_id:${c.s}`, { score: c.score });
    };

    grade(0);
    await gateway.kill('SIGKILL'); // mid-stream: round 0's deliveries are still going out
    grade(1); // Canvas cannot deliver these
    await gateway.start();
    grade(2);
    expect(await redeliverFailed()).toBeGreaterThan(0);

    await processor.kill('SIGKILL');
    grade(3);
    await processor.start();

    grade(4);
    await writer.kill('SIGKILL');
    const putsBeforeWriterRestart = new Set(writes().map((w) => w.seq));
    grade(5);
    await writer.start();
    await redeliverFailed();

    const finalScore = (id: string) => {
      const puts = writes().filter((w) => w.kind === 'results' && w.sourcedId === id);
      return puts.length ? resultBody(puts[puts.length - 1]).score : undefined;
    };
    await waitFor('every graded cell in IC', () => cells.every((c) => finalScore(c.id) !== undefined), { timeoutMs: 180_000, describe: tails });
    await canvas.admin.flushLiveEvents();
    expect(canvas.admin.liveEvents({ accountKey: TENANT }).filter((r) => r.outcome === 'failed' && !redelivered.has(r.seq))).toEqual([]);

    // The undisturbed outcome: each cell's one score, on its lineItem, once.
    expect(Object.fromEntries(cells.map((c) => [c.id, finalScore(c.id)]))).toEqual(Object.fromEntries(cells.map((c) => [c.id, c.score])));
    const cellIds = new Set(cells.map((c) => c.id));
    const resultPuts = writes().filter((w) => w.kind === 'results' && cellIds.has(w.sourcedId));
    const scoresPut = new Map<string, Set<number | undefined>>();
    for (const w of resultPuts) scoresPut.set(w.sourcedId, (scoresPut.get(w.sourcedId) ?? new Set()).add(resultBody(w).score));
    expect([...scoresPut].filter(([, scores]) => scores.size !== 1).map(([id]) => id)).toEqual([]); // no other score ever written
    // A result PUT twice is only one the killed writer had sent but not yet recorded, and it is the same PUT again.
    const seen = new Set<string>();
    const repeated = resultPuts.filter((w) => (seen.has(w.sourcedId) ? true : (seen.add(w.sourcedId), false)));
    const firstPut = new Map(resultPuts.map((w) => [w.sourcedId, w.seq] as const).reverse());
    expect(repeated.filter((w) => !putsBeforeWriterRestart.has(firstPut.get(w.sourcedId)!)).map((w) => w.sourcedId)).toEqual([]);
    expect(repeated.length).toBeLessThanOrEqual(rounds[4].length);
    const lineItemPuts = writes().filter((w) => w.kind === 'lineItems' && lineItems.includes(w.sourcedId));
    expect(new Set(lineItemPuts.map((w) => w.sourcedId)).size).toBe(lineItems.length);
  }, 600_000);
});
