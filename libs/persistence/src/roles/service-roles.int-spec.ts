import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testServices, uniqueName } from '@rp/testing';
import { createDataSource, runMigrations } from '../data-source.factory';
import { serviceStores } from '../service-stores';
import { applyServiceRoles, SERVICE_ROLE_ACCESS, serviceRoleName } from './service-roles';

jest.setTimeout(120_000);

const services = testServices();
const prefix = `${uniqueName('roles').replace(/[^a-z0-9]/g, '_')}_`;
const passwords = Object.fromEntries(SERVICE_ROLE_ACCESS.map((a) => [a.service, randomBytes(12).toString('hex')]));

/** A connection as the service's own role (same server and database as DATABASE_URL). */
function urlAs(service: string): string {
  const url = new URL(services.databaseUrl);
  url.username = serviceRoleName(prefix, service);
  url.password = passwords[service];
  return url.toString();
}

async function withClient<T>(url: string, use: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** 'ok', or the PostgreSQL error code (42501: permission denied). */
const attempt = (url: string, sql: string) =>
  withClient(url, (c) => c.query(sql).then(() => 'ok', (e: { code?: string }) => e.code ?? 'error'));

describe('per-service PostgreSQL roles (ops db roles)', () => {
  beforeAll(async () => {
    for (const [name, store] of Object.entries(serviceStores)) {
      const ds = createDataSource({ url: services.databaseUrl, store, schema: `${prefix}${store.schema}`, poolSize: 1 });
      await ds.initialize();
      await runMigrations(ds);
      await ds.destroy();
      expect(name).toBeTruthy();
    }
    await withClient(services.databaseUrl, (c) => applyServiceRoles(c, prefix, passwords));
  });

  afterAll(async () => {
    await withClient(services.databaseUrl, async (c) => {
      const { rows } = await c.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${prefix}%`]);
      for (const { nspname } of rows) await c.query(`DROP SCHEMA "${nspname}" CASCADE`);
      for (const access of SERVICE_ROLE_ACCESS) {
        const role = serviceRoleName(prefix, access.service);
        await c.query(`DROP OWNED BY "${role}"`).catch(() => undefined);
        await c.query(`DROP ROLE IF EXISTS "${role}"`);
      }
    });
  });

  it("lets a service read its own tables and the tenants, never another service's tables", async () => {
    const loader = urlAs('loader');
    expect(await attempt(loader, `SELECT * FROM "${prefix}loader".loader_imports`)).toBe('ok');
    expect(await attempt(loader, `SELECT * FROM "${prefix}admin".tenants`)).toBe('ok');
    expect(await attempt(loader, `SELECT * FROM "${prefix}transformer".transformer_entities`)).toBe('42501');
    expect(await attempt(loader, `SELECT * FROM "${prefix}gradebook".gradebook_outcomes`)).toBe('42501');
    expect(await attempt(loader, `UPDATE "${prefix}admin".tenants SET name = name`)).toBe('42501');
    const transformer = urlAs('transformer');
    expect(await attempt(transformer, `SELECT * FROM "${prefix}loader".loader_imports`)).toBe('42501');
  });

  it('keeps the events-gateway to the tenant directory: no secret column, not even encrypted', async () => {
    const gateway = urlAs('events-gateway');
    expect(await attempt(gateway, `SELECT * FROM "${prefix}admin".tenant_directory`)).toBe('ok');
    expect(await attempt(gateway, `SELECT canvas_token_encrypted FROM "${prefix}admin".tenants`)).toBe('42501');
    expect(await attempt(gateway, `SELECT * FROM "${prefix}loader".loader_imports`)).toBe('42501');
  });

  it('keeps the notifier to the webhooks and its tenants view: zone and expiry dates, no secret column', async () => {
    const notifier = urlAs('notifier');
    expect(await attempt(notifier, `SELECT * FROM "${prefix}admin".notifier_tenants`)).toBe('ok');
    expect(await attempt(notifier, `SELECT * FROM "${prefix}admin".notification_webhooks`)).toBe('ok');
    expect(await attempt(notifier, `SELECT ic_client_secret_encrypted FROM "${prefix}admin".tenants`)).toBe('42501');
  });

  it("lets a service start its stores as its own role (its schema's migrations, the admin schema's check)", async () => {
    for (const [service, store] of [['loader', serviceStores.loader], ['loader', serviceStores.admin]] as const) {
      const ds = createDataSource({ url: urlAs(service), store, schema: `${prefix}${store.schema}`, poolSize: 1 });
      await ds.initialize();
      await expect(runMigrations(ds)).resolves.toEqual([]);
      await ds.destroy();
    }
    // and it owns its schema: a later migration of its own can create tables there
    expect(await attempt(urlAs('loader'), `CREATE TABLE "${prefix}loader".later_table (id int)`)).toBe('ok');
    expect(await attempt(urlAs('loader'), `CREATE TABLE "${prefix}transformer".sneaky (id int)`)).toBe('42501');
  });
});
