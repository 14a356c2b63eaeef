import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source.factory';
import { GradebookEventLog } from './gradebook-event-log';
import { GradebookRepository } from './gradebook.repository';
import { gradebookStore } from './gradebook.store';
import { UNCHANGED_REASON } from './event-outcome';

describe('GradebookEventLog on PostgreSQL', () => {
  const schema = uniqueName('gb_events').replace(/[^a-z0-9]/g, '_');
  let ds: DataSource;
  let now = new Date('2026-12-01T10:00:00Z');
  let log: GradebookEventLog;
  let repo: GradebookRepository;

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: gradebookStore, schema });
    await ds.initialize();
    await runMigrations(ds);
    log = new GradebookEventLog(ds, () => now);
    repo = new GradebookRepository(ds, () => now);
  });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  const grade = (outcomeKey: string, status: 'sent' | 'waiting' | 'failed', reason: string | null) =>
    ({ tenant: 'acme', outcomeKey, kind: 'result' as const, status, reason, canvasCourseId: '5', canvasUserId: '9', canvasAssignmentId: '7' });

  it('lists each event once with its one outcome now, derived from its grades as they change, newest first', async () => {
    await log.record([
      { tenant: 'acme', eventKey: 'e1', eventName: 'enrollment_created', outcome: 'ignored', reason: 'enrollments come from the SIS roster' },
      { tenant: 'acme', eventKey: 'e2', eventName: 'grade_change', outcome: 'refused', reason: 'not a valid grade_change event: body.assignment_id is missing' },
      { tenant: 'globex', eventKey: 'e9', eventName: 'grade_change', outcome: 'ignored', reason: 'other tenant' },
    ]);
    now = new Date('2026-12-01T11:00:00Z');
    await repo.recordOutcomes([grade('li-7', 'waiting', 'queued for the IC writer'), grade('r-7-9', 'waiting', 'queued for the IC writer')]);
    await log.record([{ tenant: 'acme', eventKey: 'e3', eventName: 'grade_override', labelledAs: 'grade_change', outcome: 'decided', reason: null, gradeKeys: ['li-7', 'r-7-9'] }]);
    const first = await log.list('acme');
    expect(first.map((e) => [e.eventKey, e.outcome, e.reason])).toEqual([
      ['e3', 'waiting', 'queued for the IC writer'],
      ['e1', 'ignored', 'enrollments come from the SIS roster'],
      ['e2', 'refused', 'not a valid grade_change event: body.assignment_id is missing'],
    ]);
    expect(first[0]).toMatchObject({ eventName: 'grade_override', labelledAs: 'grade_change', grades: 2 });

    await repo.recordOutcomes([grade('li-7', 'sent', UNCHANGED_REASON), grade('r-7-9', 'sent', null)]);
    expect((await log.list('acme', { outcome: 'written' })).map((e) => e.eventKey)).toEqual(['e3']);
    await repo.recordOutcomes([grade('r-7-9', 'failed', 'dead-lettered to oneroster.gradebook-writes.dlq: boom')]);
    expect(await log.list('acme', { outcome: 'failed' })).toMatchObject([{ eventKey: 'e3', reason: 'dead-lettered to oneroster.gradebook-writes.dlq: boom' }]);
  });

  it('filters by the time recorded, and records an event handled again once', async () => {
    expect((await log.list('acme', { since: new Date('2026-12-01T10:30:00Z') })).map((e) => e.eventKey)).toEqual(['e3']);
    await log.record([{ tenant: 'acme', eventKey: 'e1', eventName: 'enrollment_created', outcome: 'ignored', reason: 'enrollments come from the SIS roster' }]);
    expect((await log.list('acme')).filter((e) => e.eventKey === 'e1')).toHaveLength(1);
    expect((await log.list('globex')).map((e) => e.eventKey)).toEqual(['e9']);
  });
});
