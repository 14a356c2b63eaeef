import type { TenantSummary } from '@rp/persistence';
import { UserError } from '../ops-errors';
import { newTenantFromFlags, TenantFlags, tenantPatchFromFlags } from './tenant-options';

const flags: TenantFlags = {
  name: 'Acme ISD',
  icBaseUrl: 'https://ic.example/campus/api/ims/oneroster/rostering/v1p2',
  icTokenUrl: 'https://ic.example/token',
  icClientId: 'client-1',
  canvasBaseUrl: 'https://acme.instructure.example',
  canvasRootAccount: '1',
};
const secrets = { icClientSecret: 'ic-s3cret', canvasToken: 'canvas-t0ken' };

const current: TenantSummary = {
  id: 'acme', name: 'Acme', status: 'active', ic: {}, canvas: {},
  mapping: { terms: { strategy: 'school-year' } }, thresholds: {}, passback: {}, schedule: {}, notifications: { refusalMinWrites: 5 },
  secrets: { icClientSecret: true, canvasToken: true, icVendorAuthorization: false }, updatedAt: new Date(0),
};

describe('newTenantFromFlags', () => {
  it('builds the tenant with secrets and optional settings', () => {
    const tenant = newTenantFromFlags('acme', { ...flags, icAppName: 'acme', mapping: '{"terms":{"strategy":"school-year"}}' }, secrets);
    expect(tenant).toMatchObject({
      id: 'acme',
      name: 'Acme ISD',
      ic: { clientId: 'client-1', appName: 'acme', clientSecret: 'ic-s3cret' },
      canvas: { rootAccountId: '1', token: 'canvas-t0ken' },
      mapping: { terms: { strategy: 'school-year' } },
    });
    expect(tenant.passback).toBeUndefined();
  });

  it('names every missing required flag', () => {
    expect(() => newTenantFromFlags('acme', { name: 'Acme' }, secrets)).toThrow(
      'missing --ic-base-url, --ic-token-url, --ic-client-id, --canvas-base-url, --canvas-root-account',
    );
  });

  it.each([
    [{ icTokenUrl: 'not a url' }, '--ic-token-url must be an absolute http(s) URL'],
    [{ canvasBaseUrl: 'ftp://canvas' }, '--canvas-base-url must be an absolute http(s) URL'],
    [{ icBaseUrl: 'https://user:pw@ic.example/x' }, '--ic-base-url must not embed credentials'],
    [{ mapping: '{"terms":{"strategy":"weekly"}}' }, 'terms.strategy'],
    [{ passback: '{"assignmentScope":"everything"}' }, 'assignmentScope must be'],
    [{ schedule: '{"deltaIntervalSeconds":-5}' }, 'deltaIntervalSeconds: -5 is not a whole number of seconds ≥ 10'],
    // the extractor refuses intervals under 10 s and would then run nothing for the tenant: refused here too
    [{ schedule: '{"deltaIntervalSeconds":1}' }, 'deltaIntervalSeconds: 1 is not a whole number of seconds ≥ 10'],
    [{ schedule: '{"deltaOverlapSeconds":1.5}' }, 'deltaOverlapSeconds: 1.5 is not a whole number of seconds ≥ 0'],
    [{ schedule: '{"hourly":true}' }, 'unknown key hourly'],
    [{ thresholds: '[1,2]' }, '--thresholds must be a JSON object'],
    [{ notifications: '{"refusalMaxPercent":120}' }, 'invalid --notifications: refusalMaxPercent: 120 is not a whole number from 1 to 100'],
    [{ icSecretExpires: 'next june' }, '--ic-secret-expires must be a date (2027-06-30) or an ISO 8601 instant with zone (got "next june")'],
    [{ canvasTokenExpires: '2027-02-30' }, '--canvas-token-expires must be a date'],
  ])('rejects %j', (extra, message) => {
    expect(() => newTenantFromFlags('acme', { ...flags, ...extra }, secrets)).toThrow(message);
  });
});

describe('credential expiry and notification thresholds', () => {
  it('stores expiry dates as instants with the connection settings, thresholds as given', () => {
    const tenant = newTenantFromFlags('acme', { ...flags, icSecretExpires: '2027-06-30', canvasTokenExpires: '2027-01-15T12:00:00-06:00', notifications: '{"credentialExpiryDays":[30,7]}' }, secrets);
    expect(tenant.ic.clientSecretExpiresAt).toBe('2027-06-30T00:00:00.000Z');
    expect(tenant.canvas.tokenExpiresAt).toBe('2027-01-15T18:00:00.000Z');
    expect(tenant.notifications).toEqual({ credentialExpiryDays: [30, 7] });
  });

  it('an update changes only the expiry given; thresholds are validated merged over the stored ones', () => {
    expect(tenantPatchFromFlags(current, { icSecretExpires: '2027-06-30' }, {})).toEqual({ ic: { clientSecretExpiresAt: '2027-06-30T00:00:00.000Z' } });
    expect(tenantPatchFromFlags(current, { notifications: '{"refusalMaxPercent":35}' }, {})).toEqual({ notifications: { refusalMaxPercent: 35 } });
  });
});

describe('tenantPatchFromFlags', () => {
  it('includes only the given settings and secrets', () => {
    const patch = tenantPatchFromFlags(current, { canvasJwksUrl: 'https://sso.example/jwks' }, { canvasToken: 'new' });
    expect(patch).toEqual({ canvas: { liveEventsJwksUrl: 'https://sso.example/jwks', token: 'new' } });
  });

  it('sets the Live Events identity and token checks, refusing a max age that is not whole seconds', () => {
    const patch = tenantPatchFromFlags(current, {
      canvasRootAccountUuid: 'VicYj3cu5BIF', canvasLiveEventsMaxAge: '3600', canvasLiveEventsIssuer: 'https://canvas.example', canvasLiveEventsAudience: 'rp',
    }, {});
    expect(patch).toEqual({ canvas: { rootAccountUuid: 'VicYj3cu5BIF', liveEventsMaxAgeSeconds: 3600, liveEventsIssuer: 'https://canvas.example', liveEventsAudience: 'rp' } });
    expect(() => tenantPatchFromFlags(current, { canvasLiveEventsMaxAge: '3h' }, {})).toThrow(/--canvas-live-events-max-age must be a positive whole number/);
  });

  it('validates mapping as it will be stored: merged over the current settings', () => {
    // sections-under-course with class-level names is invalid; the stored mapping supplies no names, so defaults apply
    const ok = tenantPatchFromFlags(current, { mapping: '{"courses":{"strategy":"sections-under-course"}}' }, {});
    expect(ok.mapping).toEqual({ courses: { strategy: 'sections-under-course' } });
    expect(() =>
      tenantPatchFromFlags({ ...current, mapping: { users: { loginId: ['nope'] } } }, { mapping: '{"terms":{}}' }, {}),
    ).toThrow(/users\.loginId/);
  });

  it('refuses an update that changes nothing', () => {
    expect(() => tenantPatchFromFlags(current, {}, {})).toThrow(UserError);
  });
});

describe('--ic-provider', () => {
  it('stores client authentication, scopes and the count-drop hold in the ic settings', () => {
    const patch = tenantPatchFromFlags(current, { icProvider: '{"clientAuth":"client_secret_post","scopes":["roster.readonly"],"countDropHoldPercent":30}' }, {});
    expect(patch.ic).toEqual({ clientAuth: 'client_secret_post', scopes: ['roster.readonly'], countDropHoldPercent: 30 });
  });

  it.each([
    ['{"clientAuth":"private_key_jwt"}', /ic\.clientAuth "private_key_jwt" is not one of client_secret_basic, client_secret_post/],
    ['{"countDropHoldPercent":0}', /ic\.countDropHoldPercent 0 must be a number above 0 and at most 100/],
    ['{"pageSize":10}', /unknown key\(s\) pageSize/],
  ])('refuses %s naming the setting', (json, message) => {
    expect(() => tenantPatchFromFlags(current, { icProvider: json }, {})).toThrow(UserError);
    expect(() => tenantPatchFromFlags(current, { icProvider: json }, {})).toThrow(message);
  });
});
