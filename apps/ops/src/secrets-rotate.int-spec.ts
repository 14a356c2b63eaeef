import { createCipheriv, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SecretKeyring, secretKeyId } from '@rp/config';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { testServices, uniqueName } from '@rp/testing';
import { runOps } from './testing/ops-process';

jest.setTimeout(120_000);

const services = testServices();
const schemaPrefix = `${uniqueName('ops_rot').replace(/[^a-z0-9]/g, '_')}_`;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const b64 = (key: Buffer) => key.toString('base64');
const SECRETS = { clientSecret: 'ic-OLD-client-secret', token: 'canvas-OLD-token-7~abc', vendor: 'vendor-OLD-auth' };

function tenant(id: string, rootAccountId: string) {
  return {
    id,
    name: id,
    ic: { baseUrl: `https://${id}.ic.example/campus/api/ims/oneroster/rostering/v1p2`, tokenUrl: `https://${id}.ic.example/token`, clientId: id, clientSecret: SECRETS.clientSecret, vendorAuthorization: SECRETS.vendor },
    canvas: { baseUrl: `https://${id}.canvas.example`, rootAccountId, token: SECRETS.token },
  };
}

/** The format stored before ciphertexts carried a key id. */
function legacyV1(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

async function withRepository<T>(key: Buffer | Buffer[], use: (repo: TenantRepository) => Promise<T>): Promise<T> {
  const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
  await ds.initialize();
  await runMigrations(ds);
  try {
    return await use(new TenantRepository(ds, SecretKeyring.of(key)));
  } finally {
    await ds.destroy();
  }
}

async function sql(text: string, params: unknown[] = []) {
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  try {
    return (await pg.query(text, params)).rows;
  } finally {
    await pg.end();
  }
}

afterAll(async () => {
  await sql(`DROP SCHEMA IF EXISTS "${schemaPrefix}admin" CASCADE`);
});

describe('ops secrets rotate (CLI process against PostgreSQL)', () => {
  beforeAll(async () => {
    await withRepository(oldKey, async (repo) => {
      await repo.create(tenant('acme', '1'));
      await repo.create(tenant('beta', '2'));
    });
    // beta's token was stored before key ids existed
    await sql(`UPDATE "${schemaPrefix}admin".tenants SET canvas_token_encrypted = $1 WHERE id = 'beta'`, [
      legacyV1(SECRETS.token, oldKey, 'tenant:beta:canvas.token'),
    ]);
  });

  it('services configured with SECRETS_KEYS (new key first) still open secrets sealed with the old key', async () => {
    const connections = await withRepository([newKey, oldKey], (repo) => repo.activeConnections());
    expect(connections.map((c) => [c.id, c.canvas.token, c.ic.clientSecret])).toEqual([
      ['acme', SECRETS.token, SECRETS.clientSecret],
      ['beta', SECRETS.token, SECRETS.clientSecret],
    ]);
  });

  it('re-encrypts every tenant with the newest key, after which the old key is no longer needed', async () => {
    const result = await runOps(['secrets', 'rotate', '--json'], {
      DATABASE_URL: services.databaseUrl, DB_SCHEMA_PREFIX: schemaPrefix, SECRETS_KEYS: `${b64(newKey)},${b64(oldKey)}`,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      resealed: 6,
      tenants: [
        { tenant: 'acme', resealed: ['ic.clientSecret', 'canvas.token', 'ic.vendorAuthorization'], keyId: secretKeyId(newKey) },
        { tenant: 'beta', resealed: ['ic.clientSecret', 'canvas.token', 'ic.vendorAuthorization'], keyId: secretKeyId(newKey) },
      ],
    });
    for (const secret of Object.values(SECRETS)) expect(result.stdout + result.stderr).not.toContain(secret);

    const rows = await sql(`SELECT ic_client_secret_encrypted a, canvas_token_encrypted b, ic_vendor_authorization_encrypted c FROM "${schemaPrefix}admin".tenants`);
    for (const row of rows) for (const sealed of Object.values(row)) expect(sealed).toMatch(new RegExp(`^v2:${secretKeyId(newKey)}:`));

    const withNewKeyOnly = await withRepository(newKey, (repo) => repo.activeConnections());
    expect(withNewKeyOnly.map((c) => [c.canvas.token, c.ic.clientSecret, c.ic.vendorAuthorization])).toEqual([
      [SECRETS.token, SECRETS.clientSecret, SECRETS.vendor],
      [SECRETS.token, SECRETS.clientSecret, SECRETS.vendor],
    ]);
    await expect(withRepository(oldKey, (repo) => repo.connection('acme'))).rejects.toThrow(/not among the configured keys/);
  });

  it('a second rotation has nothing left to do', async () => {
    const again = await runOps(['secrets', 'rotate'], {
      DATABASE_URL: services.databaseUrl, DB_SCHEMA_PREFIX: schemaPrefix, SECRETS_KEYS: b64(newKey),
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('acme: already sealed with the newest key');
    expect(again.stdout).toContain('beta: already sealed with the newest key');
  });

  it('stops naming the tenant when a secret opens with none of the keys', async () => {
    const stranger = randomBytes(32);
    const result = await runOps(['secrets', 'rotate'], {
      DATABASE_URL: services.databaseUrl, DB_SCHEMA_PREFIX: schemaPrefix, SECRETS_KEYS: `${b64(stranger)}`,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('tenant acme: ic.clientSecret');
    expect(result.stderr).toContain('SECRETS_KEYS');
  });
});
