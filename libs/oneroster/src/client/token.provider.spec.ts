import { FakeClock, respond } from './fake-provider.test-helper';
import { HttpRequestInit } from './ports';
import { ClientCredentialsTokenProvider, oneRosterScopePrefix, TokenSettings, tokenRequestUrl } from './token.provider';
import { OneRosterAuthError, OneRosterScopeError } from '../errors/oneroster.errors';

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

describe('ClientCredentialsTokenProvider variants', () => {
  const tokenUrl = 'https://or.example/oauth/token';
  type Answer = (url: string, init: HttpRequestInit) => ReturnType<typeof respond>;

  function setup(settings: Partial<TokenSettings>, answer: Answer) {
    const requests: { url: string; init: HttpRequestInit }[] = [];
    const provider = new ClientCredentialsTokenProvider('acme', { tokenUrl, clientId: 'id', clientSecret: 's3cr3t', ...settings }, async (url, init) => {
      requests.push({ url, init });
      return answer(url, init);
    }, new FakeClock());
    return { provider, requests };
  }
  const issued = () => respond(200, { access_token: 't1', expires_in: 3600 });

  it.each<[string, Partial<TokenSettings>, (r: { url: string; init: HttpRequestInit }) => void]>([
    ['client_secret_basic (default): credentials in a Basic header only', {}, ({ init }) => {
      expect(init.headers.authorization).toBe(`Basic ${Buffer.from('id:s3cr3t').toString('base64')}`);
      expect(new URLSearchParams(init.body).get('client_secret')).toBeNull();
    }],
    ['client_secret_post: credentials in the form, no Authorization header', { clientAuth: 'client_secret_post' }, ({ init }) => {
      expect(init.headers.authorization).toBeUndefined();
      const form = new URLSearchParams(init.body);
      expect([form.get('client_id'), form.get('client_secret'), form.get('grant_type')]).toEqual(['id', 's3cr3t', 'client_credentials']);
    }],
    ['the tenant\'s scopes', { scopes: [`${oneRosterScopePrefix}roster.readonly`] }, ({ init }) => {
      expect(new URLSearchParams(init.body).get('scope')).toBe(`${oneRosterScopePrefix}roster.readonly`);
    }],
    ['redirects handled by the client, with a timeout', {}, ({ init }) => {
      expect(init.redirect).toBe('manual');
      expect(init.signal).toBeDefined();
    }],
  ])('%s', async (_case, settings, check) => {
    const { provider, requests } = setup(settings, issued);
    expect(await provider.token()).toBe('t1');
    check(requests[0]);
  });

  it('follows a redirect within the token URL\'s origin, with the credentials', async () => {
    const { provider, requests } = setup({}, (url) =>
      url === tokenUrl ? respond(307, {}, { location: '/oauth2/v2/token' }) : issued());
    expect(await provider.token()).toBe('t1');
    expect(requests.map((r) => r.url)).toEqual([tokenUrl, 'https://or.example/oauth2/v2/token']);
    expect(requests[1].init.headers.authorization).toMatch(/^Basic /);
  });

  it('refuses a redirect to another origin without sending the credentials there, naming the setting to fix', async () => {
    const { provider, requests } = setup({}, () => respond(307, {}, { location: 'https://issuer.example/token?x=1' }));
    const error = await provider.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneRosterAuthError);
    expect((error as Error).message).toMatch(
      /tenant acme: the OneRoster token URL https:\/\/or\.example\/oauth\/token redirects \(HTTP 307\) to another origin, https:\/\/issuer\.example; .*--ic-token-url https:\/\/issuer\.example\/token/,
    );
    expect(requests.map((r) => new URL(r.url).origin)).toEqual(['https://or.example']);
  });

  it('reports invalid_scope as a scope problem, not a credentials problem', async () => {
    const { provider } = setup({}, () => respond(400, { error: 'invalid_scope', error_description: 'gradebook.createput not allowed' }));
    const error = await provider.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneRosterScopeError);
    expect((error as Error).message).toMatch(/tenant acme: the OneRoster token endpoint refused the requested scopes .*gradebook\.createput not allowed.*--ic-provider/);
    expect((error as Error).message).not.toMatch(/client id\/secret/);
  });

  it('reports an HTML error page with its status and a short excerpt', async () => {
    const html = `<!DOCTYPE html><html><head><style>body{}</style></head><body><h1>502 Bad Gateway</h1>${'x'.repeat(5000)}</body></html>`;
    const { provider } = setup({}, () => ({ status: 502, headers: new Headers({ 'content-type': 'text/html' }), text: async () => html }));
    const error = await provider.token().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/HTTP 502.*HTML body "502 Bad Gateway x+…"/);
    expect((error as Error).message.length).toBeLessThan(600);
  });

  it('refuses a token answer larger than its cap', async () => {
    const { provider } = setup({ maxResponseBytes: 100 }, () => respond(200, { access_token: 'x'.repeat(500) }));
    await expect(provider.token()).rejects.toThrow(/tenant acme: the OneRoster token endpoint's answer exceeded 100 bytes/);
  });
});
