import type { CanvasEntityType, LoadResult } from '@rp/messaging';
import { LoaderImportRepository, LoaderPendingRepository, LoaderPlanRepository } from '@rp/persistence';
import { consumerGroupOf } from '@rp/runtime';
import { CanvasHttpClient, SisImportClient } from '@rp/canvas';
import { buildImportZip } from './import-zip.builder';
import { eventually as eventuallyIn, loaderIntKit, TENANT } from './testing/loader-int-kit';

jest.setTimeout(120_000);

const eventually = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) => eventuallyIn(what, probe, 600);

describe('loader against Kafka, the registry, PostgreSQL and the Canvas simulator', () => {
  const kit = loaderIntKit({
    name: 'ld', clientId: 'loader-int-spec', thresholds: { maxDeleteFraction: 0.1, minDeleteCount: 3 }, importSpeed: { rowsPerStep: 10, stepDelayMs: 0 },
    loaderEnv: { LOADER_TICK_MS: '100', LOADER_BATCH_MAX_WAIT_MS: '500', LOADER_POLL_INITIAL_MS: '50', LOADER_POLL_MAX_MS: '200', LOADER_MAX_ATTEMPTS: '2' },
  });
  const { kafka, topicPrefix } = kit;
  let plans: LoaderPlanRepository;

  const send = (type: CanvasEntityType, sisId: string, row: Record<string, string>, op: 'upsert' | 'delete' = 'upsert', school: string | null = 'S1', syncRun = 'run-1') =>
    kit.publishChange(type, sisId, row, { op, school, syncRun });
  const user = (id: string, status = 'active') => send('user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status }, status === 'deleted' ? 'delete' : 'upsert');
  const enrol = (id: string, status = 'active', role = 'student') =>
    send('enrollment', `C1:${id}:${role}`, { course_id: 'C1', section_id: 'C1', user_id: id, role, status }, status === 'active' ? 'upsert' : 'delete');

  const imports = () => kit.sim.admin.imports('acme');
  const rowsOf = (importIndex: number) => {
    const rec = imports()[importIndex];
    // the loader names each import's CSVs rp-<tag>-users.csv (to find the import again after a restart)
    return Object.fromEntries(rec.files.map((f) => [f.name.replace(/^rp-[0-9a-f]{12}-/, ''), f.rows.map((r) => r.values)]));
  };
  const waitForImports = (count: number) =>
    eventually(`${count} finished imports`, async () => {
      const finished = (await new LoaderImportRepository(kit.loaderDs).list(TENANT)).filter((i) => i.finishedAt);
      return finished.length >= count ? finished : undefined;
    });
  /** Sends while the tenant is paused and resumes once the loader consumed everything: one deterministic batch. */
  const batch = async (sends: () => Promise<void>) => {
    const tenants = kit.tenants();
    await tenants.update(TENANT, { status: 'paused' });
    await sends();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = consumerGroupOf('loader').topics.map((t) => `${topicPrefix}${t}`);
      await eventually('the loader to consume every change', async () => {
        const [committed] = [await admin.fetchOffsets({ groupId: `${topicPrefix}${consumerGroupOf('loader').groupId}`, topics })];
        for (const topic of topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const group = committed.find((c) => c.topic === topic)?.partitions ?? [];
          for (const end of ends) {
            const at = group.find((p) => p.partition === end.partition)?.offset ?? '-1';
            if (end.high !== '0' && at !== end.high) return undefined;
          }
        }
        return true;
      });
    } finally {
      await admin.disconnect();
    }
    await tenants.update(TENANT, { status: 'active' });
  };
  const activeEnrollments = () => [...kit.sim.admin.state('acme').enrollments.values()].filter((e) => e.workflowState === 'active').length;

  const results: LoadResult[] = [];
  const resultsConsumer = kafka.consumer({ groupId: `${topicPrefix}results-reader` });
  const outcomesOf = (sisId: string) => results.filter((r) => r.sisId === sisId).map((r) => r.outcome);

  beforeAll(async () => {
    await resultsConsumer.connect();
    await resultsConsumer.subscribe({ topic: `${topicPrefix}canvas.load-results`, fromBeginning: true });
    await resultsConsumer.run({ eachMessage: async ({ message }) => void results.push(await kit.serde.decode<LoadResult>(message.value as Buffer)) });
    plans = new LoaderPlanRepository(kit.loaderDs);
  });
  kit.beforeTeardown(() => resultsConsumer.disconnect());

  it('imports a school in dependency order; an enrollment whose user is missing waits', async () => {
    await batch(async () => {
    await send('account', 'S1', { account_id: 'S1', parent_account_id: '', name: 'School 1', status: 'active' });
    await send('term', 'T1', { term_id: 'T1', name: '2026', status: 'active' });
    await send('course', 'C1', { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', account_id: 'S1', term_id: 'T1', status: 'active' });
    await send('section', 'C1', { section_id: 'C1', course_id: 'C1', name: 'Math 1', status: 'active' });
    for (let i = 1; i <= 12; i += 1) await user(`U${i}`);
    for (let i = 1; i <= 12; i += 1) await enrol(`U${i}`);
    await enrol('U99');
    });
    await waitForImports(1);
    const rows = rowsOf(0);
    expect(rows['accounts.csv']).toEqual([{ account_id: 'S1', parent_account_id: '', name: 'School 1', status: 'active' }]);
    expect(rows['courses.csv']).toEqual([{ course_id: 'C1', short_name: 'M1', long_name: 'Math 1', account_id: 'S1', term_id: 'T1', status: 'active' }]);
    const twelve = Array.from({ length: 12 }, (_, i) => `U${i + 1}`).sort();
    expect(rows['users.csv'].map((r) => r.user_id).sort()).toEqual(twelve);
    expect(rows['enrollments.csv'].map((r) => r.user_id).sort()).toEqual(twelve);
    expect(activeEnrollments()).toBe(12);
    const [waiting] = await kit.loaderDs.query(`SELECT waiting_for FROM loader_pending WHERE sis_id = 'C1:U99:student'`);
    expect(waiting.waiting_for).toBe('user|U99');
    await eventually('a waiting load result', () => outcomesOf('C1:U99:student').includes('waiting'));
    expect(results.find((r) => r.outcome === 'waiting')?.message).toBe(
      'tenant acme: enrollment C1:U99:student waits for user U99 (neither applied in Canvas nor in this batch); it is imported once they are');
  });

  it('imports the waiting enrollment once its user arrives, and never re-imports unchanged entities', async () => {
    await batch(async () => {
      await user('U1'); // unchanged: already applied
      await enrol('U2'); // unchanged
      await user('U99');
    });
    await waitForImports(2);
    expect(rowsOf(1)).toEqual({
      'users.csv': [{ user_id: 'U99', login_id: 'u99', full_name: 'User U99', status: 'active' }],
      'enrollments.csv': [{ course_id: 'C1', section_id: 'C1', user_id: 'U99', role: 'student', status: 'active' }],
    });
    expect(activeEnrollments()).toBe(13);
    await eventually('applied load results', () => outcomesOf('C1:U99:student').includes('applied'));
    expect(outcomesOf('C1:U99:student')).toEqual(['waiting', 'applied']);
  });

  it('holds a mass drop above the threshold (Canvas unchanged) and applies it after approval', async () => {
    await batch(async () => {
      for (let i = 1; i <= 5; i += 1) await enrol(`U${i}`, 'deleted');
      await user('U50');
    });
    const [plan] = await eventually('a held plan', async () => {
      const held = await plans.list({ tenant: TENANT, status: 'held' });
      return held.length ? held : undefined;
    });
    await waitForImports(3);
    expect(rowsOf(2)).toEqual({ 'users.csv': [{ user_id: 'U50', login_id: 'u50', full_name: 'User U50', status: 'active' }] });
    expect(plan.itemCount).toBe(5);
    expect(plan.summary.exceeded).toEqual([expect.objectContaining({ canvasType: 'enrollment', school: 'S1', destructive: 5, applied: 13 })]);
    expect((await plans.items(plan.id)).map((i) => i.row.user_id).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
    expect(activeEnrollments()).toBe(13);

    await plans.approve(plan.id, 'ops-test');
    await waitForImports(4);
    expect(rowsOf(3)['enrollments.csv'].map((r) => `${r.user_id}:${r.status}`).sort()).toEqual(['U1:deleted', 'U2:deleted', 'U3:deleted', 'U4:deleted', 'U5:deleted']);
    expect(activeEnrollments()).toBe(8);
    await eventually('load results of the approved drop', () => outcomesOf('C1:U3:student').length === 3);
    expect(outcomesOf('C1:U3:student')).toEqual(['applied', 'held', 'applied']);
    // the held rows name their plan (the notifier tells operators once per plan)
    expect(results.filter((r) => r.sisId === 'C1:U3:student' && r.outcome === 'held').map((r) => r.planId)).toEqual([plan.id]);
    await eventually('the plan marked applied', async () => (await plans.get(plan.id)).status === 'applied');
  });

  it('a rejected plan changes nothing in Canvas', async () => {
    for (let i = 6; i <= 10; i += 1) await enrol(`U${i}`, 'completed');
    const [plan] = await eventually('a second held plan', async () => {
      const held = await plans.list({ tenant: TENANT, status: 'held' });
      return held.length ? held : undefined;
    });
    await plans.reject(plan.id, 'ops-test');
    await user('U60');
    await waitForImports(5);
    expect(rowsOf(4)).toEqual({ 'users.csv': [{ user_id: 'U60', login_id: 'u60', full_name: 'User U60', status: 'active' }] });
    expect(imports()).toHaveLength(5);
    expect(activeEnrollments()).toBe(8);
    expect(await kit.loaderDs.query(`SELECT * FROM loader_pending WHERE plan_id = $1`, [plan.id])).toEqual([]);
    await eventually('rejected load results', () => outcomesOf('C1:U7:student').includes('rejected'));
    expect(outcomesOf('C1:U7:student')).toEqual(['applied', 'held', 'rejected']);
  });

  it('attributes a row error to its entity, retries it, then marks it failed', async () => {
    await batch(async () => {
      await enrol('U11', 'active', 'bogus');
      await user('U70');
    });
    await waitForImports(6);
    expect(rowsOf(5)['enrollments.csv']).toEqual([{ course_id: 'C1', section_id: 'C1', user_id: 'U11', role: 'bogus', status: 'active' }]);
    const failed = await eventually('the bogus enrollment marked failed', async () => {
      const [row] = await kit.loaderDs.query(`SELECT status, attempts, last_error FROM loader_pending WHERE sis_id = 'C1:U11:bogus'`);
      return row?.status === 'failed' ? row : undefined;
    });
    expect(failed.attempts).toBe(2);
    expect(failed.last_error).toMatch(/Improper role "bogus"/);
    const applied = await kit.loaderDs.query(`SELECT sis_id FROM loader_applied WHERE canvas_type = 'user' AND sis_id = 'U70'`);
    expect(applied).toHaveLength(1);
    expect(imports().filter((i) => i.files.some((f) => f.rows.some((r) => r.values.role === 'bogus')))).toHaveLength(2);
    await eventually('two error results', () => outcomesOf('C1:U11:bogus').length === 2);
    const errors = results.filter((r) => r.sisId === 'C1:U11:bogus');
    expect(errors.map((r) => r.outcome)).toEqual(['error', 'error']);
    expect(errors[1].message).toMatch(/^tenant acme: Canvas skipped enrollment C1:U11:bogus: Improper role "bogus" for an enrollment; marked failed after 2 attempt/);
  });

  it('an import that fails as a whole keeps its rows pending and sends them again', async () => {
    kit.sim.admin.setFaults('acme', { importOutcome: 'failed' });
    const before = imports().length;
    await batch(() => user('U90'));
    await eventually('a failed import recorded', async () => {
      const [last] = await new LoaderImportRepository(kit.loaderDs).list(TENANT, 1);
      return last?.state === 'failed' ? last : undefined;
    });
    expect(await kit.loaderDs.query(`SELECT hash FROM loader_pending WHERE sis_id = 'U90'`)).toHaveLength(1);
    kit.sim.admin.clearFaults('acme');
    await eventually('U90 applied on a later import', async () => {
      const [row] = await kit.loaderDs.query(`SELECT import_id FROM loader_applied WHERE canvas_type = 'user' AND sis_id = 'U90'`);
      return row;
    });
    const sent = imports().slice(before).map((i) => i.files.flatMap((f) => f.rows.map((r) => r.values.user_id)));
    expect(sent[0]).toEqual(['U90']);
    expect(sent[sent.length - 1]).toEqual(['U90']);
  });

  it('after a restart, resumes polling the unfinished import instead of posting it again', async () => {
    kit.sim.admin.setFaults('acme', { holdImports: true });
    const before = imports().length;
    await batch(() => user('U80'));
    const [posted] = await eventually('an import posted and queued in Canvas', async () => {
      const open = await new LoaderImportRepository(kit.loaderDs).unfinished(TENANT);
      return open.length && open[0].canvasImportId ? open : undefined;
    });
    await kit.stopLoader();
    kit.sim.admin.setFaults('acme', { holdImports: false });
    await kit.sim.admin.waitForImports('acme');
    await kit.startLoader();
    await eventually('the resumed import recorded', async () => {
      const [row] = await kit.loaderDs.query(`SELECT import_id FROM loader_applied WHERE canvas_type = 'user' AND sis_id = 'U80'`);
      return row ? row : undefined;
    }).then((row) => expect(Number(row.import_id)).toBe(posted.canvasImportId));
    expect(imports()).toHaveLength(before + 1);
    expect(await kit.loaderDs.query(`SELECT * FROM loader_pending WHERE sis_id = 'U80'`)).toEqual([]);
  });

  const appliedIn = (sisId: string) =>
    eventually(`${sisId} applied`, async () => {
      const [row] = await kit.loaderDs.query(`SELECT import_id FROM loader_applied WHERE canvas_type = 'user' AND sis_id = $1`, [sisId]);
      return row ? Number(row.import_id) : undefined;
    });

  it('an import whose POST answer is lost (502 after Canvas accepted it) is found in Canvas, not sent again', async () => {
    kit.sim.admin.setFaults('acme', { lostResponses: { remaining: 1, method: 'POST', pathIncludes: 'sis_imports' } });
    const before = imports().length;
    await batch(() => user('U81'));
    // had the loader taken the 502 for a refusal, U81 would be applied by a second import
    expect(await appliedIn('U81')).toBe(imports()[before].id);
    expect(imports()).toHaveLength(before + 1);
    const [recorded] = await new LoaderImportRepository(kit.loaderDs).list(TENANT, 1);
    expect(recorded).toMatchObject({ canvasImportId: imports()[before].id, state: 'imported' });
    const state = kit.sim.admin.state('acme');
    expect(state.bySis(state.users, 'U81')?.name).toBe('User U81');
  });

  it('a loader stopped between posting an import and recording Canvas\'s answer finds the import after a restart', async () => {
    const tenants = kit.tenants();
    const before = imports().length;
    await tenants.update(TENANT, { status: 'paused' });
    await user('U82');
    const pending = new LoaderPendingRepository(kit.loaderDs);
    const rows = await eventually('U82 pending', async () => (await pending.eligible(TENANT, 100)).filter((r) => r.sisId === 'U82').at(0));
    await kit.stopLoader();
    // what the stopped loader had done: recorded the import as `posting`, posted it, and stopped before the answer
    const { built } = await buildImportZip(TENANT, [rows]);
    const recordId = await new LoaderImportRepository(kit.loaderDs).start(TENANT, built!.items, built!.rowsPerType);
    const posted = await new SisImportClient(new CanvasHttpClient({ baseUrl: kit.sim.baseUrl, token: 'tok-acme' })).create('1', built!.zip.path);
    await built!.dispose();
    await tenants.update(TENANT, { status: 'active' });
    await kit.startLoader();
    expect(await appliedIn('U82')).toBe(posted.id);
    expect(imports()).toHaveLength(before + 1);
    const recorded = (await new LoaderImportRepository(kit.loaderDs).list(TENANT, 5)).find((i) => i.id === recordId);
    expect(recorded).toMatchObject({ canvasImportId: posted.id, state: 'imported' });
  });

  it("holds a run's deletions once they add up over the threshold, though each batch alone stays under it", async () => {
    // 40 enrollments in school S7; run-split drops 4 (10 %, not over) then 3 more: 3 of the remaining 36 would pass,
    // 7 of the school's 40 does not
    const ids = Array.from({ length: 40 }, (_, i) => `G${i}`);
    const drop = (id: string) =>
      send('enrollment', `C1:${id}:student`, { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status: 'deleted' }, 'delete', 'S7', 'run-split');
    await batch(async () => {
      for (const id of ids) await send('user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status: 'active' }, 'upsert', 'S7');
      for (const id of ids) await send('enrollment', `C1:${id}:student`, { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status: 'active' }, 'upsert', 'S7');
    });
    await appliedIn('G39');
    await eventually('the 40 enrollments applied', async () => {
      const [row] = await kit.loaderDs.query(`SELECT count(*)::int AS n FROM loader_applied WHERE canvas_type = 'enrollment' AND school = 'S7' AND active`);
      return row.n === 40 || undefined;
    });
    await batch(async () => { for (const id of ids.slice(0, 4)) await drop(id); });
    await eventually('the first 4 drops applied', async () => {
      const [row] = await kit.loaderDs.query(`SELECT count(*)::int AS n FROM loader_applied WHERE canvas_type = 'enrollment' AND school = 'S7' AND NOT active`);
      return row.n === 4 || undefined;
    });
    await batch(async () => { for (const id of ids.slice(4, 7)) await drop(id); });
    const plan = await eventually('a held plan for the run', async () => (await plans.list({ tenant: TENANT, status: 'held' })).find((p) => p.itemCount === 3));
    expect(plan.summary.exceeded).toEqual([expect.objectContaining({ canvasType: 'enrollment', school: 'S7', destructive: 7, applied: 40, earlierInRun: 4 })]);
    const state = kit.sim.admin.state('acme');
    const active = ids.filter((id) => [...state.enrollments.values()].some((e) => state.users.get(e.userId)?.sisId === id && e.workflowState === 'active'));
    expect(active).toEqual(ids.slice(4));
  });
  it('a holdDestructive blackout holds even a single drop (Canvas unchanged); after the blackout drops apply again', async () => {
    const tenants = kit.tenants();
    const enrolled = (id: string) => {
      const state = kit.sim.admin.state('acme');
      return [...state.enrollments.values()].some((e) => state.users.get(e.userId)?.sisId === id && e.workflowState === 'active');
    };
    const drop = (id: string) =>
      send('enrollment', `C1:${id}:student`, { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status: 'deleted' }, 'delete', 'S7', 'run-exams');
    const examWeek = { from: '2000-01-01', to: '2999-12-31', mode: 'holdDestructive', reason: 'exam week' };
    const seen = { g10: outcomesOf('C1:G10:student').length, g11: outcomesOf('C1:G11:student').length }; // both applied as upserts before
    await tenants.update(TENANT, { schedule: { timeZone: 'UTC', blackouts: [examWeek] } });
    await drop('G10'); // one drop: far under the thresholds, yet held
    const plan = await eventually('a plan held by the blackout', async () => (await plans.list({ tenant: TENANT, status: 'held' })).find((p) => p.summary.blackout));
    expect(plan.summary.blackout).toBe('2000-01-01..2999-12-31 (holdDestructive: exam week)');
    expect((await plans.items(plan.id)).map((i) => i.sisId)).toEqual(['C1:G10:student']);
    expect(enrolled('G10')).toBe(true);
    await eventually('the held load result', () => outcomesOf('C1:G10:student').length > seen.g10);
    expect(outcomesOf('C1:G10:student').slice(seen.g10)).toEqual(['held']);

    await tenants.update(TENANT, { schedule: { timeZone: 'UTC', blackouts: [{ ...examWeek, to: '2000-01-08' }] } }); // over
    await drop('G11');
    await eventually('the drop after the blackout applied', () => outcomesOf('C1:G11:student').length > seen.g11);
    expect(outcomesOf('C1:G11:student').slice(seen.g11)).toEqual(['applied']);
    expect(enrolled('G11')).toBe(false);
    expect(enrolled('G10')).toBe(true); // the blackout's plan waits for an operator
  });
});
