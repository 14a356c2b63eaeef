import { FakeClock, respond } from './fake-provider.test-helper';
import { HttpRequestInit } from './ports';
import { ClientCredentialsTokenProvider, tokenRequestUrl } from './token.provider';
import { OneRosterAuthError } from '../errors/oneroster.errors';

describe('tokenRequestUrl', () => {
  it.each([
    ['https://ic.example/campus/oauth2/token', 'acme', 'https://ic.example/campus/oauth2/token?appName=acme'],
    ['https://ic.example/campus/oauth2/token?appName=x', 'acme', 'https://ic.example/campus/oauth2/token?appName=x'],
    ['https://idp.example/oauth/token', undefined, 'https://idp.example/oauth/token'],
  ])('%s with appName %s → %s', (tokenUrl, appName, expected) => {
    expect(tokenRequestUrl({ tokenUrl, appName })).toBe(expected);
  });
});

describe('ClientCredentialsTokenProvider', () => {
  const settings = { tokenUrl: 'https://ic.example/campus/oauth2/token', clientId: 'id', clientSecret: 's3cr3t', appName: 'acme' };

  function setup(status = 200) {
    const clock = new FakeClock();
    const requests: { url: string; init: HttpRequestInit }[] = [];
    let issued = 0;
    const provider = new ClientCredentialsTokenProvider('acme', settings, async (url, init) => {
      requests.push({ url, init });
      return status === 200 ? respond(200, { access_token: `t${++issued}`, expires_in: 3600 }) : respond(status, { error: 'invalid_client' });
    }, clock);
    return { clock, requests, provider };
  }

  it('requests a token with Basic auth, client_credentials, scopes and appName', async () => {
    const { provider, requests } = setup();
    expect(await provider.token()).toBe('t1');
    expect(requests[0].url).toBe('https://ic.example/campus/oauth2/token?appName=acme');
    expect(requests[0].init.headers.authorization).toBe(`Basic ${Buffer.from('id:s3cr3t').toString('base64')}`);
    const body = new URLSearchParams(requests[0].init.body);
    expect(body.get('grant_type')).toBe('client_credentials');
    expect(body.get('scope')).toContain('https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly');
  });

  it('caches the token until shortly before expiry, then renews it', async () => {
    const { provider, requests, clock } = setup();
    await provider.token();
    clock.time += 3500 * 1000;
    expect(await provider.token()).toBe('t1');
    clock.time += 60 * 1000;
    expect(await provider.token()).toBe('t2');
    expect(requests).toHaveLength(2);
  });

  it('shares one token request between concurrent callers', async () => {
    const { provider, requests } = setup();
    expect(await Promise.all([provider.token(), provider.token(), provider.token()])).toEqual(['t1', 't1', 't1']);
    expect(requests).toHaveLength(1);
  });

  it('invalidating the refused token forces a new one', async () => {
    const { provider } = setup();
    await provider.token();
    provider.invalidate('t1');
    expect(await provider.token()).toBe('t2');
  });

  it('refused credentials are a permanent auth error naming the tenant', async () => {
    const { provider } = setup(401);
    await expect(provider.token()).rejects.toThrow(OneRosterAuthError);
    await expect(provider.token()).rejects.toThrow(/tenant acme: .*refused the client credentials/);
  });
});
