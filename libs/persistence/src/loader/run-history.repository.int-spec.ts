import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source.factory';
import { loaderStore } from './loader.store';
import { RunHistoryEvent, RunHistoryRepository, RunObjectResult } from './run-history.repository';

describe('RunHistoryRepository against PostgreSQL', () => {
  const schema = uniqueName('runhist').replace(/[^a-z0-9]/g, '_');
  let ds: DataSource;
  let history: RunHistoryRepository;
  const now = new Date('2026-12-07T12:00:00Z');
  const daysAgo = (days: number, minutes = 0) => new Date(now.getTime() - days * 86_400_000 - minutes * 60_000).toISOString();
  const marker = (runId: string, at: string, o: Partial<RunHistoryEvent> = {}): RunHistoryEvent => ({
    tenant: 'acme', runId, kind: 'full', stage: 'extractor', phase: 'started', at, counts: {}, message: null, ...o,
  });
  const result = (runId: string | null, sisId: string, outcome: string, at: string, o: Partial<RunObjectResult> = {}): RunObjectResult => ({
    tenant: 'acme', syncRun: runId, canvasType: 'enrollment', sisId, outcome, message: `${outcome} ${sisId}`, importId: null, at, ...o,
  });

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: loaderStore, schema });
    await ds.initialize();
    await runMigrations(ds);
    history = new RunHistoryRepository(ds);
  });

  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('keeps every marker once, per tenant and run', async () => {
    const started = marker('run-1', daysAgo(0, 30));
    const finished = marker('run-1', daysAgo(0, 20), { phase: 'finished', counts: { 'users.emitted': 12 }, message: 'done' });
    await history.recordEvents([started, finished]);
    await history.recordEvents([finished]); // re-delivered
    await history.recordEvents([marker('run-2', daysAgo(0, 10), { tenant: 'beta' })]);
    expect(await history.events({ tenant: 'acme' })).toEqual([started, finished]);
    expect((await history.events({ runId: 'run-2' })).map((e) => e.tenant)).toEqual(['beta']);
  });

  it("keeps each object's latest outcome until it reaches Canvas; results outside a run are not kept", async () => {
    await history.recordResults([
      result('run-1', 'C1:U1:student', 'waiting', daysAgo(0, 30)),
      result('run-1', 'C1:U2:student', 'held', daysAgo(0, 30)),
      result('run-1', 'C1:U3:bogus', 'error', daysAgo(0, 30), { importId: 7 }),
      result(null, 'C1:U4:student', 'error', daysAgo(0, 30)),
    ]);
    // U1's user arrived: applied; U2's plan rejected; an old re-delivered 'waiting' of U2 does not win over it
    await history.recordResults([
      result('run-1', 'C1:U1:student', 'applied', daysAgo(0, 20), { importId: 8 }),
      result('run-1', 'C1:U2:student', 'rejected', daysAgo(0, 20)),
    ]);
    await history.recordResults([result('run-1', 'C1:U2:student', 'waiting', daysAgo(0, 25))]);
    const objects = await history.objects('run-1', 'acme');
    expect(objects.map((o) => `${o.sisId} ${o.outcome} ${o.importId}`)).toEqual(['C1:U2:student rejected null', 'C1:U3:bogus error 7']);
    expect(objects[1].message).toBe('error C1:U3:bogus');
  });

  it('prunes runs whose last activity is older than the retention, and keeps the others whole', async () => {
    await history.recordEvents([
      marker('old', daysAgo(95)), marker('old', daysAgo(94), { phase: 'finished' }),
      marker('edge', daysAgo(100)), marker('edge', daysAgo(89), { stage: 'loader', phase: 'finished' }), // started long ago, ended inside the retention
    ]);
    await history.recordResults([result('old', 'C1:U9:student', 'held', daysAgo(94)), result('orphan', 'C1:U8:student', 'error', daysAgo(120))]);
    expect(await history.prune(now, 90)).toBe(2); // 'old' and the results of 'orphan'
    expect(await history.events({ runId: 'old' })).toEqual([]);
    expect(await history.objects('old')).toEqual([]);
    expect(await history.objects('orphan')).toEqual([]);
    expect((await history.events({ runId: 'edge' })).map((e) => e.phase)).toEqual(['started', 'finished']);
    expect((await history.objects('run-1')).length).toBe(2);

    expect(await history.prune(now, 30)).toBe(1); // a shorter retention: 'edge' goes too
    expect(await history.events({ runId: 'edge' })).toEqual([]);
    expect(await history.prune(now, 30)).toBe(0);
    expect((await history.events({ tenant: 'acme' })).map((e) => e.runId)).toEqual(['run-1', 'run-1']);
  });
});
