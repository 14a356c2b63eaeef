import { formatTenant } from './tenant-format';
import { providerWarnings } from './provider-warnings';
import type { TenantSummary } from '@rp/persistence';

describe('providerWarnings in ops tenants show', () => {
  const tenant: TenantSummary = {
    id: 'acme', name: 'Acme', status: 'active', ic: {}, canvas: {}, mapping: {}, thresholds: {}, passback: {}, schedule: {},
    secrets: { icClientSecret: true, canvasToken: true, icVendorAuthorization: false }, updatedAt: new Date(0),
  } as TenantSummary;

  it('warns when the extractor found the provider without usable deltas', async () => {
    const detectedAt = new Date('2026-12-07T10:00:00Z');
    const warnings = await providerWarnings('acme', { deltasUnusable: async () => ({ reason: 'tenant acme: the provider ignored the delta filter on users', detectedAt }) });
    expect(warnings).toEqual([expect.stringMatching(/^no usable deltas since 2026-12-07T10:00:00.000Z: delta runs are full syncs \(tenant acme: the provider ignored/)]);
    expect(formatTenant(tenant, warnings)).toMatch(/\nwarning\s+no usable deltas since/);
  });

  it('says nothing for a provider with working deltas', async () => {
    expect(await providerWarnings('acme', { deltasUnusable: async () => undefined })).toEqual([]);
    expect(formatTenant(tenant, [])).not.toMatch(/warning/);
  });
});
