import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source.factory';
import { GradebookRepository, writtenKey } from './gradebook.repository';
import { gradebookStore } from './gradebook.store';

describe('GradebookRepository on PostgreSQL', () => {
  const schema = uniqueName('gb_repo').replace(/[^a-z0-9]/g, '_');
  let ds: DataSource;
  let repo: GradebookRepository;

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: gradebookStore, schema });
    await ds.initialize();
    await runMigrations(ds);
    repo = new GradebookRepository(ds);
  });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  const base = { tenant: 'acme', kind: 'result' as const, classSourcedId: 'c1', studentSourcedId: 's1', canvasAssignmentId: '7' };

  it('keeps the outcome of the newer Canvas change when an older one is recorded late', async () => {
    await repo.recordOutcomes([{ ...base, outcomeKey: 'r1', status: 'sent', reason: null, canvasEventTime: '2026-10-01T10:05:00Z' }]);
    await repo.recordOutcomes([{ ...base, outcomeKey: 'r1', status: 'held', reason: 'not posted', canvasEventTime: '2026-10-01T10:00:00Z' }]);
    expect(await repo.outcome('acme', 'r1')).toMatchObject({ status: 'sent', reason: null });
    await repo.recordOutcomes([{ ...base, outcomeKey: 'r1', status: 'refused', reason: 'IC said no', canvasEventTime: '2026-10-01T10:05:00Z' }]);
    expect(await repo.outcome('acme', 'r1')).toMatchObject({ status: 'refused', reason: 'IC said no' });
  });

  it('lists a class or a student, never another tenant', async () => {
    await repo.recordOutcomes([
      { ...base, outcomeKey: 'r2', studentSourcedId: 's2', status: 'skipped', reason: 'dropped' },
      { ...base, tenant: 'globex', outcomeKey: 'r3', status: 'sent', reason: null },
    ]);
    expect((await repo.outcomes('acme', { classSourcedId: 'c1' })).map((o) => o.outcomeKey).sort()).toEqual(['r1', 'r2']);
    expect((await repo.outcomes('acme', { studentSourcedId: 's2' })).map((o) => o.status)).toEqual(['skipped']);
  });

  it('keeps one row per grade: a course grade skipped before it had a sourcedId, then sent, leaves the sent row only', async () => {
    const grade = { tenant: 'acme', classSourcedId: 'c9', studentSourcedId: 's9', canvasCourseId: '5', canvasAssignmentId: null, canvasUserId: '9' };
    await repo.recordOutcomes([{ ...grade, outcomeKey: 'canvas:course-grade|5|9', kind: 'courseGrade', status: 'skipped', reason: 'the student has no current course score yet' }]);
    // Another student's and another course's skips stay.
    await repo.recordOutcomes([
      { ...grade, outcomeKey: 'canvas:course-grade|5|10', kind: 'courseGrade', canvasUserId: '10', status: 'skipped', reason: 'no score' },
      { ...grade, outcomeKey: 'canvas:course-grade|6|9', kind: 'courseGrade', canvasCourseId: '6', status: 'skipped', reason: 'no score' },
    ]);
    await repo.recordOutcomes([{ ...grade, outcomeKey: 'cg-result-9', kind: 'result', resultSourcedId: 'cg-result-9', status: 'waiting', reason: 'queued for the IC writer' }]);
    await repo.recordOutcomes([{ ...grade, outcomeKey: 'cg-result-9', kind: 'result', resultSourcedId: 'cg-result-9', status: 'sent', reason: null }]);
    const rows = await repo.outcomes('acme', { classSourcedId: 'c9' });
    expect(rows.map((r) => [r.outcomeKey, r.status]).sort()).toEqual([['canvas:course-grade|5|10', 'skipped'], ['canvas:course-grade|6|9', 'skipped'], ['cg-result-9', 'sent']]);
  });

  it('replaces a provisional row recorded in the same call as its settled one; the writer\'s upserts (replaceProvisional: false) leave rows alone', async () => {
    const grade = { tenant: 'acme', classSourcedId: 'c8', studentSourcedId: 's8', canvasCourseId: '7', canvasAssignmentId: 'a1', canvasUserId: '8' };
    await repo.recordOutcomes([
      { ...grade, outcomeKey: 'canvas:result|7|a1|8', kind: 'result', status: 'failed', reason: 'no sourcedId yet' },
      { ...grade, outcomeKey: 'r-8', kind: 'result', resultSourcedId: 'r-8', status: 'waiting', reason: 'queued for the IC writer' },
    ]);
    expect((await repo.outcomes('acme', { classSourcedId: 'c8' })).map((r) => [r.outcomeKey, r.status])).toEqual([['r-8', 'waiting']]);
    await repo.recordOutcomes([{ ...grade, outcomeKey: 'canvas:result|7|a1|8', kind: 'result', status: 'failed', reason: 'a later event failed' }]);
    await repo.recordOutcomes([{ ...grade, outcomeKey: 'r-8', kind: 'result', resultSourcedId: 'r-8', status: 'sent', reason: null }], { replaceProvisional: false });
    expect((await repo.outcomes('acme', { classSourcedId: 'c8' })).map((r) => [r.outcomeKey, r.status]).sort()).toEqual([['canvas:result|7|a1|8', 'failed'], ['r-8', 'sent']]);
  });

  it('reads what was last written for keys of several tenants in one query (absent: never written)', async () => {
    await repo.markWrittenMany([
      { tenant: 'acme', sourcedId: 'lw-1', kind: 'lineItem', contentHash: 'h-acme' },
      { tenant: 'globex', sourcedId: 'lw-1', kind: 'lineItem', contentHash: 'h-globex', canvasEventTime: '2026-10-01T10:00:00Z' },
    ]);
    const known = await repo.lastWrittenOf([{ tenant: 'acme', sourcedId: 'lw-1' }, { tenant: 'globex', sourcedId: 'lw-1' }, { tenant: 'acme', sourcedId: 'lw-none' }, { tenant: 'acme', sourcedId: 'lw-1' }]);
    expect([...known.entries()].sort()).toEqual([
      [writtenKey('acme', 'lw-1'), { contentHash: 'h-acme', canvasEventTime: null }],
      [writtenKey('globex', 'lw-1'), { contentHash: 'h-globex', canvasEventTime: '2026-10-01T10:00:00.000Z' }],
    ]);
  });

  it('remembers written hashes; a deleted lineItem no longer counts as written', async () => {
    await repo.markWritten('acme', 'l1', 'lineItem', 'h1');
    expect(await repo.writtenHash('acme', 'l1')).toBe('h1');
    expect(await repo.lineItemWritten('acme', 'l1')).toBe(true);
    await repo.markWritten('acme', 'l1', 'lineItem', null);
    expect(await repo.lineItemWritten('acme', 'l1')).toBe(false);
    expect(await repo.writtenHash('acme', 'never')).toBeUndefined();
  });

  it('keeps the newest Canvas event time written per result, with the hash last written', async () => {
    await repo.markWritten('acme', 'r9', 'result', 'h-new', '2026-10-01T10:05:00Z');
    await repo.markWritten('acme', 'r9', 'result', 'h-again', '2026-10-01T10:00:00Z');
    expect(await repo.lastWritten('acme', 'r9')).toEqual({ contentHash: 'h-again', canvasEventTime: '2026-10-01T10:05:00.000Z' });
    expect(await repo.lastWritten('acme', 'never')).toBeUndefined();
  });

  it('reads and records many written hashes in one statement each, per tenant, the last of a sourcedId winning and the newest time kept', async () => {
    await repo.markWrittenMany([
      { tenant: 'acme', sourcedId: 'l2', kind: 'lineItem', contentHash: 'h2' },
      { tenant: 'acme', sourcedId: 'r2', kind: 'result', contentHash: 'old', canvasEventTime: '2026-10-01T10:05:00Z' },
      { tenant: 'acme', sourcedId: 'r2', kind: 'result', contentHash: 'new', canvasEventTime: '2026-10-01T10:06:00Z' },
      { tenant: 'globex', sourcedId: 'l2', kind: 'lineItem', contentHash: 'other' },
      { tenant: 'acme', sourcedId: 'l3', kind: 'lineItem', contentHash: null },
    ]);
    await repo.markWrittenMany([{ tenant: 'acme', sourcedId: 'r2', kind: 'result', contentHash: 'again', canvasEventTime: '2026-10-01T10:00:00Z' }]);
    const last = await repo.lastWrittenMany('acme', ['l2', 'r2', 'l3', 'never', 'l2']);
    expect(Object.fromEntries(last)).toEqual({
      l2: { contentHash: 'h2', canvasEventTime: null },
      r2: { contentHash: 'again', canvasEventTime: '2026-10-01T10:06:00.000Z' },
      l3: { contentHash: null, canvasEventTime: null },
    });
    expect(await repo.writtenHash('globex', 'l2')).toBe('other');
    expect(await repo.lastWrittenMany('acme', [])).toEqual(new Map());
  });

  it('stores the reconciliation checkpoint per tenant', async () => {
    expect(await repo.checkpoint('acme')).toBeUndefined();
    await repo.saveCheckpoint('acme', new Date('2026-10-01T10:00:00Z'));
    expect((await repo.checkpoint('acme'))?.toISOString()).toBe('2026-10-01T10:00:00.000Z');
  });
});
