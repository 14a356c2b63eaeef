import { gradebookScopes, rosteringScopes } from './provider-settings';
import { oneRosterSettingsForTenant, parseVendorAuthorization } from './tenant-oneroster-settings';

const ic = {
  baseUrl: 'https://ic.example/campus/api/ims/oneroster/rostering/v1p2',
  tokenUrl: 'https://ic.example/campus/oauth2/token',
  clientId: 'client',
  clientSecret: 'secret',
  vendorAuthorization: 'vendor:se:cret',
};

describe('oneRosterSettingsForTenant', () => {
  it.each([
    ['provisioning: rostering scopes, no vendor key', { passback: false }, rosteringScopes, undefined],
    ['passback: gradebook scopes and the vendor key', { passback: true }, [...rosteringScopes, ...gradebookScopes], { key: 'vendor', secret: 'se:cret' }],
  ])('%s', (_name, options, scopes, vendor) => {
    const settings = oneRosterSettingsForTenant('acme', ic, options);
    expect(settings.token.scopes).toEqual(scopes);
    expect(settings.vendorAuthorization).toEqual(vendor);
  });

  it.each([
    ['IC default 5', {}, {}, 5],
    ['the tenant limit', { maxConcurrentRequests: 3 }, {}, 3],
    ['the service ceiling caps the tenant limit', { maxConcurrentRequests: 8 }, { maxConcurrentRequests: 4 }, 4],
    ['the service ceiling as default', {}, { maxConcurrentRequests: 2 }, 2],
  ])('concurrency: %s', (_name, own, ceiling, limit) => {
    expect(oneRosterSettingsForTenant('acme', { ...ic, ...own }, { passback: false, ...ceiling }).concurrency?.limit).toBe(limit);
  });

  it('carries peak hours (serial IC requests) into the limiter settings', () => {
    const peakHours = { from: '07:00', to: '15:00', timeZone: 'America/Chicago', maxConcurrentRequests: 1 };
    expect(oneRosterSettingsForTenant('acme', { ...ic, peakHours }, { passback: true }).concurrency?.peakHours)
      .toEqual({ timeZone: 'America/Chicago', windows: [{ start: '07:00', end: '15:00' }], limit: 1 });
  });

  it('refuses a vendor key that is not key:secret only where it is used (passback)', () => {
    expect(() => oneRosterSettingsForTenant('acme', { ...ic, vendorAuthorization: 'vendor' }, { passback: true })).toThrow(/tenant acme.*key:secret/);
    expect(oneRosterSettingsForTenant('acme', { ...ic, vendorAuthorization: 'vendor' }, { passback: false }).vendorAuthorization).toBeUndefined();
    expect(parseVendorAuthorization('acme', undefined)).toBeUndefined();
  });
});
