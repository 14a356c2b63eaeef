import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source.factory';
import { ExtractorRepository } from './extractor.repository';
import { extractorStore } from './extractor.store';
import { RepublishRememberedDeletes1765400000000 } from './migrations/1765400000000-republish-remembered-deletes';

describe('migration: tobedeleted records remembered without publishing are published by the next full run', () => {
  const schema = uniqueName('exrem').replace(/[^a-z0-9]/g, '_');
  let ds: DataSource;

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: extractorStore, schema });
    await ds.initialize();
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('forgets snapshot rows of tobedeleted records, keeps live rows and rows deleted for absence', async () => {
    const repo = new ExtractorRepository(ds);
    await repo.writeSnapshot('acme', 'class', 'run-1', [
      { sourcedId: 'c-live', hash: 'h1', deleted: false },
      { sourcedId: 'c-remembered', hash: 'h2', deleted: true },
      { sourcedId: 'c-absent', hash: 'absent', deleted: true },
    ]);
    const runner = ds.createQueryRunner();
    try {
      await new RepublishRememberedDeletes1765400000000().up(runner);
    } finally {
      await runner.release();
    }
    const known = await repo.hashes('acme', 'class', ['c-live', 'c-remembered', 'c-absent']);
    expect([...known.keys()].sort()).toEqual(['c-absent', 'c-live']);
  });
});
