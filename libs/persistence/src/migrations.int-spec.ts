import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { decryptSecret, encryptSecret } from '@rp/config';
import { testServices, uniqueName } from '@rp/testing';
import { adminStore, createDataSource, runMigrations, TenantEntity } from '@rp/persistence';

const adminMigrationNames = adminStore.migrations.map((m) => m.name);

jest.setTimeout(60_000);

const repoRoot = join(__dirname, '../../..');
const schemaName = () => uniqueName('t_admin').replace(/-/g, '_');

async function tablesIn(url: string, schema: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
}

describe('persistence against PostgreSQL', () => {
  const { databaseUrl } = testServices();
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(databaseUrl, schema);
  });

  it('apps starting together on a fresh database migrate the shared tenant schema once, and every one of them starts', async () => {
    const schema = schemaName();
    schemas.push(schema);
    // five apps' data sources (each its own pool, as separate processes have), migrating at the same moment
    const sources = Array.from({ length: 5 }, () => createDataSource({ url: databaseUrl, store: adminStore, schema }));
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      const applied = await Promise.all(sources.map((s) => runMigrations(s)));
      expect(applied.flat().sort()).toEqual([...adminMigrationNames].sort()); // each migration ran exactly once
      expect(await tablesIn(databaseUrl, schema)).toEqual(expect.arrayContaining(['migrations', 'tenant_directory', 'tenants']));
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });

  it('runs the tenants migration in its own schema once, and stores a tenant with encrypted secrets', async () => {
    const schema = schemaName();
    schemas.push(schema);
    const dataSource = createDataSource({ url: databaseUrl, store: adminStore, schema });
    await dataSource.initialize();
    try {
      expect(await runMigrations(dataSource)).toEqual(adminMigrationNames);
      expect(await runMigrations(dataSource)).toEqual([]);
      expect(await tablesIn(databaseUrl, schema)).toEqual(['migrations', 'notification_webhooks', 'notifier_tenants', 'tenant_directory', 'tenants']); // tenant_directory, notifier_tenants: views without secrets

      const key = randomBytes(32);
      const tenants = dataSource.getRepository(TenantEntity);
      await tenants.save(tenants.create({
        id: 'acme', name: 'Acme USD',
        icSettings: { baseUrl: 'https://ic.acme.test/oneroster', tokenUrl: 'https://ic.acme.test/token', clientId: 'c1' },
        canvasSettings: { baseUrl: 'https://acme.instructure.test', rootAccountId: '1' },
        thresholds: { enrollment: { deletePercent: 10 } },
        canvasTokenEncrypted: encryptSecret('7~canvas-token', key, 'tenant:acme:canvasToken'),
      }));
      const stored = await tenants.findOneByOrFail({ id: 'acme' });
      expect(stored).toMatchObject({ status: 'active', icSettings: { clientId: 'c1' }, mappingSettings: {}, icClientSecretEncrypted: null });
      expect(stored.createdAt).toBeInstanceOf(Date);
      expect(decryptSecret(stored.canvasTokenEncrypted!, key, 'tenant:acme:canvasToken')).toBe('7~canvas-token');

      await expect(tenants.save(tenants.create({ id: 'leak', name: 'x', canvasTokenEncrypted: 'plaintext-token' })))
        .rejects.toThrow(/check constraint/);
    } finally {
      await dataSource.destroy();
    }
  });

  it('migrates and reverts through the command line', async () => {
    const schema = schemaName();
    schemas.push(schema);
    const run = (...args: string[]) =>
      promisify(execFile)('node', ['-r', '@swc-node/register', 'libs/persistence/src/cli/migrate.ts', '--service', 'admin', '--schema', schema, ...args], {
        cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl },
      });
    const { stdout } = await run();
    expect(JSON.parse(stdout)).toEqual({ service: 'admin', schema, applied: adminMigrationNames });
    expect(await tablesIn(databaseUrl, schema)).toContain('tenants');
    for (let i = 0; i < adminMigrationNames.length; i++) await run('--revert'); // one migration per revert
    expect(await tablesIn(databaseUrl, schema)).toEqual(['migrations']);
    await expect(promisify(execFile)('node', ['-r', '@swc-node/register', 'libs/persistence/src/cli/migrate.ts', '--service', 'nope'], { cwd: repoRoot }))
      .rejects.toMatchObject({ stderr: expect.stringContaining('unknown service "nope"; known: admin') });
  });
});
