import type { TenantConnection } from '@rp/persistence';
import { oneRosterSettingsOf, parseVendorAuthorization, tenantContextOf } from './tenant-context';

const connection = (overrides: Partial<TenantConnection> = {}): TenantConnection => ({
  id: 'acme', name: 'Acme', status: 'active',
  ic: {
    baseUrl: 'https://ic.test/campus/api/ims/oneroster/rostering/v1p2', tokenUrl: 'https://ic.test/token', clientId: 'c',
    clientSecret: 's', appName: 'app', vendorAuthorization: 'vendor:se:cret', maxConcurrentRequests: 8,
  },
  canvas: { baseUrl: 'https://canvas.test', rootAccountId: '1', token: 't' },
  mapping: {}, thresholds: {}, passback: {}, schedule: {}, updatedAt: new Date(0),
  ...overrides,
});

describe('tenant context', () => {
  it('splits the vendor authorization at the first colon only', () => {
    expect(parseVendorAuthorization('acme', 'vendor:se:cret')).toEqual({ key: 'vendor', secret: 'se:cret' });
    expect(parseVendorAuthorization('acme', undefined)).toBeUndefined();
  });

  it('refuses a vendor authorization without a secret and says how to fix it', () => {
    expect(() => parseVendorAuthorization('acme', 'vendor')).toThrow(/tenant acme.*key:secret.*ops tenants update acme/);
  });

  it('caps IC concurrency at the writer limit and keeps the token settings', () => {
    const settings = oneRosterSettingsOf(connection(), 5);
    expect(settings.concurrency).toEqual({ limit: 5 });
    expect(settings.token).toMatchObject({ tokenUrl: 'https://ic.test/token', clientId: 'c', clientSecret: 's', appName: 'app', clientAuth: 'client_secret_basic' });
    // Passback needs the gradebook scopes as well as rostering read-only.
    expect(settings.token.scopes?.map((s) => s.split('/').pop())).toEqual(['roster.readonly', 'gradebook.readonly', 'gradebook.createput', 'gradebook.delete']);
    expect(oneRosterSettingsOf(connection({ ic: { ...connection().ic, maxConcurrentRequests: 2 } }), 5).concurrency).toEqual({ limit: 2 });
  });

  it('rejects invalid passback settings naming the tenant', () => {
    expect(() => tenantContextOf(connection({ passback: { classSource: 'school' } }), 5)).toThrow(/tenant acme.*classSource/);
  });
});
