import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testServices, uniqueName } from '@rp/testing';
import { createDataSource, runMigrations } from '../data-source.factory';
import { adminStore } from './admin.store';
import { NewTenant, TenantRepository } from './tenant.repository';

const tenant = (id: string): NewTenant => ({
  id,
  name: `District ${id}`,
  ic: { baseUrl: 'http://127.0.0.1:1/ims/oneroster/rostering/v1p2', tokenUrl: 'http://127.0.0.1:1/token', clientId: `${id}-client`, clientSecret: `${id}-ic-secret`, vendorAuthorization: 'vk:vs' },
  canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: id, token: `${id}-canvas-token` },
});

describe('TenantRepository against PostgreSQL', () => {
  const schema = uniqueName('tenants').replace(/-/g, '_');
  let ds: DataSource;
  let repo: TenantRepository;

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: adminStore, schema });
    await ds.initialize();
    await runMigrations(ds);
    repo = new TenantRepository(ds, randomBytes(32));
  });

  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('stores secrets encrypted and shows people only whether they are set', async () => {
    const summary = await repo.create(tenant('acme'));
    expect(summary.secrets).toEqual({ icClientSecret: true, canvasToken: true, icVendorAuthorization: true });
    expect(JSON.stringify(summary)).not.toContain('acme-ic-secret');
    const [row] = await ds.query(`SELECT * FROM "${schema}".tenants WHERE id = 'acme'`);
    expect(JSON.stringify(row)).not.toMatch(/acme-ic-secret|acme-canvas-token|vk:vs/);
    const connection = await repo.connection('acme');
    expect(connection.ic.clientSecret).toBe('acme-ic-secret');
    expect(connection.canvas.token).toBe('acme-canvas-token');
    expect(connection.ic.vendorAuthorization).toBe('vk:vs');
  });

  it("refuses another tenant's ciphertext copied into a row", async () => {
    await repo.create(tenant('globex'));
    await ds.query(`UPDATE "${schema}".tenants SET canvas_token_encrypted = (SELECT canvas_token_encrypted FROM "${schema}".tenants WHERE id = 'acme') WHERE id = 'globex'`);
    await expect(repo.connection('globex')).rejects.toThrow();
  });

  it('updates settings and rotates a secret without touching the others', async () => {
    await repo.update('acme', { canvas: { token: 'rotated' }, thresholds: { maxDeleteFraction: 0.05 } });
    const connection = await repo.connection('acme');
    expect(connection.canvas.token).toBe('rotated');
    expect(connection.ic.clientSecret).toBe('acme-ic-secret');
    expect(connection.thresholds).toEqual({ maxDeleteFraction: 0.05 });
  });

  it('canonicalises the Canvas base URL, so another spelling of the same account is a conflict naming the tenant', async () => {
    await repo.create({ ...tenant('initech'), canvas: { baseUrl: 'HTTP://Canvas.Initech.example:80/', rootAccountId: '1', token: 't' } });
    expect((await repo.get('initech')).canvas.baseUrl).toBe('http://canvas.initech.example');
    const copy = { ...tenant('initech-2'), canvas: { baseUrl: 'http://canvas.initech.example', rootAccountId: '1', token: 't' } };
    await expect(repo.create(copy)).rejects.toMatchObject({ name: 'TenantConflictError', message: expect.stringContaining('already belongs to tenant initech') });
    await expect(repo.update('globex', { canvas: { baseUrl: 'http://canvas.initech.example/', rootAccountId: '1' } })).rejects.toThrow(/already belongs to tenant initech/);
  });

  it("refuses a second tenant with the same Canvas root account uuid, whatever the URL's host", async () => {
    await repo.update('initech', { canvas: { rootAccountUuid: 'uuid-of-initech-root-account' } });
    const copy = { ...tenant('initech-3'), canvas: { baseUrl: 'http://10.0.0.9', rootAccountId: '1', rootAccountUuid: 'uuid-of-initech-root-account', token: 't' } };
    await expect(repo.create(copy)).rejects.toThrow(/tenant initech-3: the Canvas root account with uuid uuid-of-initech-root-account already belongs to tenant initech/);
    // the database refuses it too, should two writers race past the check
    await expect(ds.query(`UPDATE "${schema}".tenants SET canvas_settings = canvas_settings || '{"rootAccountUuid":"uuid-of-initech-root-account"}' WHERE id = 'acme'`))
      .rejects.toThrow(/tenants_canvas_root_account_uuid/);
  });

  it('names the fix for an unknown or duplicate tenant', async () => {
    await expect(repo.get('nope')).rejects.toThrow(/tenant nope does not exist; .*ops tenants list/);
    await expect(repo.create(tenant('acme'))).rejects.toThrow(/already exists; .*ops tenants update acme/);
  });
});
