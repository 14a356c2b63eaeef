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

  it('names the fix for an unknown or duplicate tenant', async () => {
    await expect(repo.get('nope')).rejects.toThrow(/tenant nope does not exist; .*ops tenants list/);
    await expect(repo.create(tenant('acme'))).rejects.toThrow(/already exists; .*ops tenants update acme/);
  });
});
