import { Client } from 'pg';
import { serviceRoleName } from '@rp/persistence';
import { testServices, uniqueName } from '@rp/testing';
import { runOps } from './testing/ops-process';

jest.setTimeout(120_000);

const services = testServices();
const prefix = `${uniqueName('ops_roles').replace(/[^a-z0-9]/g, '_')}_`;
const env = { DATABASE_URL: services.databaseUrl, DB_SCHEMA_PREFIX: prefix };
const loaderPassword = 'loader-role-pw-1';

async function sql(url: string, text: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const client = new Client({ connectionString: services.databaseUrl });
  await client.connect();
  const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${prefix}%`]);
  for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  for (const service of ['loader', 'transformer']) {
    await client.query(`DROP OWNED BY "${serviceRoleName(prefix, service)}"`).catch(() => undefined);
    await client.query(`DROP ROLE IF EXISTS "${serviceRoleName(prefix, service)}"`);
  }
  await client.end();
});

describe('ops db roles (CLI process against PostgreSQL)', () => {
  it('refuses to run without any role password, naming the variables', async () => {
    const result = await runOps(['db', 'roles'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DB_ROLE_PASSWORD_LOADER');
  });

  it("creates the roles given a password after migrate; the loader's role cannot read the transformer's tables", async () => {
    expect((await runOps(['migrate', '--no-topics'], env)).code).toBe(0);
    const result = await runOps(['db', 'roles', '--json'], { ...env, DB_ROLE_PASSWORD_LOADER: loaderPassword, DB_ROLE_PASSWORD_TRANSFORMER: 'transformer-pw' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      roles: [serviceRoleName(prefix, 'transformer'), serviceRoleName(prefix, 'loader')],
      skipped: expect.arrayContaining([serviceRoleName(prefix, 'events-gateway')]),
    });
    expect(result.stdout + result.stderr).not.toContain(loaderPassword);

    const asLoader = new URL(services.databaseUrl);
    asLoader.username = serviceRoleName(prefix, 'loader');
    asLoader.password = loaderPassword;
    expect(await sql(asLoader.toString(), `SELECT * FROM "${prefix}loader".loader_imports`)).toBe('ok');
    expect(await sql(asLoader.toString(), `SELECT * FROM "${prefix}transformer".transformer_entities`)).toBe('42501');
    // running it again updates, never fails
    expect((await runOps(['db', 'roles'], { ...env, DB_ROLE_PASSWORD_LOADER: loaderPassword })).code).toBe(0);
  });
});
