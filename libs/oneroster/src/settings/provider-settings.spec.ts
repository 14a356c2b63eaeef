import { oneRosterScopePrefix } from '../client/token.provider';
import { resolveProviderSettings, tokenSettingsFor } from './provider-settings';

const short = (scopes: string[] | undefined) => scopes?.map((s) => s.replace(oneRosterScopePrefix, ''));
const ic = { tokenUrl: 'https://or.example/token', clientId: 'id', clientSecret: 's' };

describe('provider settings of a tenant', () => {
  it.each<[string, Record<string, unknown>, boolean, string, string[]]>([
    ['defaults, provisioning only: rostering read-only', {}, false, 'client_secret_basic', ['roster.readonly']],
    ['defaults, with passback: gradebook scopes too', {}, true, 'client_secret_basic', ['roster.readonly', 'gradebook.readonly', 'gradebook.createput', 'gradebook.delete']],
    ['client_secret_post', { clientAuth: 'client_secret_post' }, false, 'client_secret_post', ['roster.readonly']],
    ['scopes set by the tenant, short names completed', { scopes: ['roster-core.readonly'] }, true, 'client_secret_basic', ['roster-core.readonly']],
    ['scopes as one space-separated string', { scopes: 'roster-core.readonly roster-demographics.readonly' }, false, 'client_secret_basic', ['roster-core.readonly', 'roster-demographics.readonly']],
  ])('%s', (_case, extra, passback, clientAuth, scopes) => {
    const token = tokenSettingsFor('acme', { ...ic, ...extra }, { passback });
    expect(token.clientAuth).toBe(clientAuth);
    expect(short(token.scopes)).toEqual(scopes);
  });

  it('keeps a full scope URI as given', () => {
    expect(tokenSettingsFor('acme', { ...ic, scopes: ['urn:x:custom'] } as typeof ic, { passback: false }).scopes).toEqual(['urn:x:custom']);
  });

  it.each([
    [{ clientAuth: 'basic' }, /ic\.clientAuth "basic" is not one of client_secret_basic, client_secret_post/],
    [{ scopes: [1] }, /ic\.scopes must be a list of scope strings/],
    [{ countDropHoldPercent: 150 }, /ic\.countDropHoldPercent 150 must be a number above 0 and at most 100/],
  ])('refuses %j naming the tenant, the setting and the fix', (bad, message) => {
    expect(() => resolveProviderSettings('acme', bad)).toThrow(message);
    expect(() => resolveProviderSettings('acme', bad)).toThrow(/^tenant acme: .*ops tenants update acme --ic-provider/);
  });

  it('defaults the count-drop hold to 20 %', () => {
    expect(resolveProviderSettings('acme', {}).countDropHoldPercent).toBe(20);
  });
});
