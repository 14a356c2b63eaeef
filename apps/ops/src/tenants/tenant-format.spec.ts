import type { TenantSummary } from '@rp/persistence';
import { formatTenant, tenantJson } from './tenant-format';

describe('ops tenants show: credential expiry and notification thresholds', () => {
  const tenant = {
    id: 'acme', name: 'Acme', status: 'active', mapping: {}, thresholds: {}, passback: {}, schedule: {},
    ic: { clientSecretExpiresAt: '2026-12-21T00:00:00.000Z' }, canvas: { tokenExpiresAt: '2026-12-01T00:00:00.000Z' },
    notifications: { refusalMaxPercent: 30 },
    secrets: { icClientSecret: true, canvasToken: true, icVendorAuthorization: false }, updatedAt: new Date(0),
  } as TenantSummary;
  const line = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(`${label} `))?.slice(label.length).trim();

  it('shows each expiry with the days left or since, and the thresholds as stored', () => {
    const shown = formatTenant(tenant, [], new Date('2026-12-07T12:00:00Z'));
    expect(line(shown, 'ic secret expires')).toBe('2026-12-21T00:00:00.000Z (in 13 day(s))');
    expect(line(shown, 'canvas token expires')).toBe('2026-12-01T00:00:00.000Z (expired 7 day(s) ago)');
    expect(line(shown, 'notifications')).toBe('{"refusalMaxPercent":30}');
  });

  it('the machine form carries the dates under `expires` (names the output filter does not redact)', () => {
    expect(tenantJson(tenant)).toMatchObject({ ic: {}, canvas: {}, expires: { ic: '2026-12-21T00:00:00.000Z', canvas: '2026-12-01T00:00:00.000Z' } });
  });

  it('says where to set an expiry it does not know', () => {
    const shown = formatTenant({ ...tenant, ic: {}, notifications: {} }, [], new Date('2026-12-07T12:00:00Z'));
    expect(line(shown, 'ic secret expires')).toBe('unknown (set with --ic-secret-expires / --canvas-token-expires)');
    expect(line(shown, 'notifications')).toBe('(defaults)');
  });
});
