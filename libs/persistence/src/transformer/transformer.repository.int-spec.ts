import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source.factory';
import { TransformerRepository } from './transformer.repository';
import { transformerStore } from './transformer.store';

describe('TransformerRepository against PostgreSQL', () => {
  const schema = uniqueName('tfrepo').replace(/[^a-z0-9]/g, '_');
  let ds: DataSource;
  let repository: TransformerRepository;
  const at = new Date('2026-01-01T00:00:00Z');
  const cls = (id: string, course: string, terms: string[]) => ({
    type: 'class', sourcedId: id, deleted: false, projections: [],
    record: { sourcedId: id, course: { sourcedId: course }, terms: terms.map((t) => ({ sourcedId: t })) },
  });

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: transformerStore, schema });
    await ds.initialize();
    await runMigrations(ds);
    repository = new TransformerRepository(ds);
  });

  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('stores entities per tenant and finds them by id, reference and term', async () => {
    await repository.withTenant('acme', async (tx) => {
      await tx.saveEntities([cls('c-1', 'crs-1', ['s1']), cls('c-2', 'crs-1', ['s1', 's2']), cls('c-3', 'crs-2', ['s2'])], at);
    });
    await repository.withTenant('beta', (tx) => tx.saveEntities([cls('c-1', 'crs-1', ['s1'])], at));
    await repository.withTenant('acme', async (tx) => {
      expect((await tx.entitiesById('class', ['c-1', 'nope'])).map((e) => e.sourcedId)).toEqual(['c-1']);
      expect((await tx.entitiesByRef('class', 'course', ['crs-1'])).map((e) => e.sourcedId).sort()).toEqual(['c-1', 'c-2']);
      expect((await tx.classesWithTerms(['s2'])).map((e) => e.sourcedId).sort()).toEqual(['c-2', 'c-3']);
      await tx.saveEntities([{ ...cls('c-1', 'crs-9', ['s1']), deleted: true, projections: [{ type: 'course' }] }], at);
      expect(await tx.entitiesById('class', ['c-1'])).toEqual([expect.objectContaining({ deleted: true, projections: [{ type: 'course' }], record: expect.objectContaining({ course: { sourcedId: 'crs-9' } }) })]);
    });
  });

  it('parks, finds by what is waited for, releases, and counts per tenant', async () => {
    await repository.withTenant('acme', async (tx) => {
      await tx.park([
        { type: 'enrollment', sourcedId: 'e-1', waitingFor: ['user:u-1', 'class:c-9'], message: 'waits' },
        { type: 'enrollment', sourcedId: 'e-2', waitingFor: ['class:c-9'], message: 'waits' },
      ], at);
      expect((await tx.parkedWaitingFor(['user:u-1'])).map((p) => p.sourcedId)).toEqual(['e-1']);
      expect((await tx.parkedWaitingFor(['class:c-9'], 1))).toHaveLength(1);
      // only what was on the list counts as released (a projected entity that never waited is not)
      expect(await tx.unpark([{ type: 'enrollment', sourcedId: 'e-1' }, { type: 'user', sourcedId: 'never-parked' }])).toBe(1);
    });
    expect(await repository.parkedCounts()).toEqual({ acme: 1 });
    expect(await repository.parked('acme')).toEqual([expect.objectContaining({ sourcedId: 'e-2', waitingFor: ['class:c-9'], since: at, state: 'waiting' })]);
  });

  it('keeps blocked records apart from waiting ones: counts, stale counts per tenant threshold and filters', async () => {
    const later = new Date('2026-01-03T00:00:00Z');
    await repository.withTenant('gamma', async (tx) => {
      await tx.park([{ type: 'enrollment', sourcedId: 'e-old', waitingFor: ['class:c-404'], message: 'waits' }], at);
      await tx.park([
        { type: 'enrollment', sourcedId: 'e-new', waitingFor: ['class:c-405'], message: 'waits' },
        { type: 'enrollment', sourcedId: 'e-blk', waitingFor: ['class:c-9'], message: 'blocked by deleted class c-9', state: 'blocked' },
      ], later);
      // parked again while waiting: keeps its first `since`; turning blocked starts a new `since`
      await tx.park([{ type: 'enrollment', sourcedId: 'e-old', waitingFor: ['class:c-404'], message: 'waits' }], later);
      expect((await tx.parkedWaitingFor(['class:c-9'])).map((p) => p.state)).toEqual(['blocked']);
    });
    const cutoff = new Date('2026-01-02T00:00:00Z');
    expect(await repository.parkedCountsOf('gamma', cutoff)).toEqual({ waiting: 2, blocked: 1, stale: 1 });
    expect((await repository.parkedCounts()).gamma).toBe(2);
    expect(await repository.staleCounts(new Map([['gamma', cutoff], ['nobody', cutoff]]))).toEqual({ gamma: 1, nobody: 0 });
    expect((await repository.parked('gamma', { state: 'blocked' })).map((p) => p.sourcedId)).toEqual(['e-blk']);
    expect((await repository.parked('gamma', { since: cutoff })).map((p) => p.sourcedId)).toEqual(['e-old']);
    expect((await repository.parked('gamma', { type: 'enrollment', sourcedId: 'e-new' })).map((p) => p.since)).toEqual([later]);
  });

  it('keeps the last published hash per Canvas key and rolls everything back when the work fails', async () => {
    await repository.withTenant('acme', (tx) => tx.saveProjections([{ canvasType: 'course', sisId: 'c-1', hash: 'h1', school: 's', op: 'upsert' }], at));
    await expect(
      repository.withTenant('acme', async (tx) => {
        await tx.saveProjections([{ canvasType: 'course', sisId: 'c-1', hash: 'h2', school: 's', op: 'upsert' }], at);
        throw new Error('publish failed');
      }),
    ).rejects.toThrow('publish failed');
    await repository.withTenant('acme', async (tx) => {
      expect(await tx.projections([{ canvasType: 'course', sisId: 'c-1' }, { canvasType: 'section', sisId: 'c-1' }])).toEqual([
        { canvasType: 'course', sisId: 'c-1', hash: 'h1', school: 's', op: 'upsert' },
      ]);
    });
  });
});
