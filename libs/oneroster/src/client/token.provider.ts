import { readCapped } from '@rp/config';
import { OneRosterAuthError, OneRosterPermanentError, OneRosterScopeError, httpError } from '../errors/oneroster.errors';
import { parseImsxStatus } from '../normalise/status-info';
import {
  bodyExcerpt, DEFAULT_MAX_TOKEN_RESPONSE_BYTES, DEFAULT_TOKEN_TIMEOUT_MS, isRedirect, MAX_REDIRECTS,
} from './outbound.policy';
import { ClockPort, FetchPort, HttpResponseLike } from './ports';

export const oneRosterScopePrefix = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';

/** Scopes a rostering + grade passback consumer asks for (doc §4); tenants choose theirs (settings/provider-settings.ts). */
export const defaultScopes = ['roster.readonly', 'gradebook.readonly', 'gradebook.createput', 'gradebook.delete'].map(
  (scope) => oneRosterScopePrefix + scope,
);

export interface TokenSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
  /** Infinite Campus: added as `?appName=` to the token URL; without it IC answers "No Campus Application selected". */
  appName?: string;
  /** Renew this long before expiry (default 60 s). */
  refreshMarginSeconds?: number;
  /** RFC 6749 §2.3.1: credentials in a Basic header (default) or in the form body. */
  clientAuth?: 'client_secret_basic' | 'client_secret_post';
  /** Token request timeout (default 30 s). */
  timeoutMs?: number;
  /** Largest token answer read (default 64 KiB). */
  maxResponseBytes?: number;
}

/** The token URL with IC's appName query parameter added (unless already present). */
export function tokenRequestUrl(settings: Pick<TokenSettings, 'tokenUrl' | 'appName'>): string {
  const url = new URL(settings.tokenUrl);
  if (settings.appName && !url.searchParams.has('appName')) url.searchParams.set('appName', settings.appName);
  return url.toString();
}

/** OAuth 2 client-credentials token source; caches the token until shortly before it expires. */
export class ClientCredentialsTokenProvider {
  private cached?: { token: string; expiresAt: number };
  private inFlight?: Promise<string>;

  constructor(
    private readonly tenant: string,
    private readonly settings: TokenSettings,
    private readonly fetchPort: FetchPort,
    private readonly clock: ClockPort,
  ) {}

  /** A valid access token, fetching a new one only when none is cached or it is about to expire. */
  async token(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.expiresAt) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Drops the cached token if it is the one the provider just refused (called on 401). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const endpoint = 'token';
    const { response, text } = await this.post();
    if (response.status < 200 || response.status >= 300) throw this.refusal(response.status, text);
    const json = safeJson(text) as { access_token?: string; expires_in?: number | string } | undefined;
    if (!json?.access_token) {
      throw new OneRosterAuthError(`tenant ${this.tenant}: the OneRoster token endpoint answered without access_token (${bodyExcerpt(text)})`, { tenant: this.tenant, endpoint, status: response.status });
    }
    const lifetimeSeconds = Number(json.expires_in ?? 3600);
    const margin = Math.min(this.settings.refreshMarginSeconds ?? 60, lifetimeSeconds / 2);
    this.cached = { token: json.access_token, expiresAt: this.clock.now() + (lifetimeSeconds - margin) * 1000 };
    return json.access_token;
  }

  /**
   * POSTs the token request, following a redirect only within the token URL's origin: `fetch` would drop the Basic
   * header across origins (the issuer then sees no credentials), and the client secret must not go anywhere else.
   */
  private async post(): Promise<{ response: HttpResponseLike; text: string }> {
    const first = tokenRequestUrl(this.settings);
    const { headers, body } = this.credentials();
    let url = first;
    for (let hops = 0; ; hops++) {
      const response = await this.fetchPort(url, {
        method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.settings.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS),
      });
      if (isRedirect(response.status)) {
        const location = response.headers.get('location');
        const target = location ? new URL(location, url) : undefined;
        if (target && target.origin !== new URL(first).origin) {
          throw new OneRosterAuthError(
            `tenant ${this.tenant}: the OneRoster token URL ${first} redirects (HTTP ${response.status}) to another origin, ${target.origin}; ` +
              `the client credentials are never sent across origins — set the tenant's token URL to the issuer's ` +
              `(\`ops tenants update ${this.tenant} --ic-token-url ${target.origin}${target.pathname}\`)`,
            { tenant: this.tenant, endpoint: 'token', status: response.status },
          );
        }
        if (target && hops < MAX_REDIRECTS) {
          url = target.toString();
          continue;
        }
      }
      const text = await readCapped(response, this.settings.maxResponseBytes ?? DEFAULT_MAX_TOKEN_RESPONSE_BYTES);
      if (text === undefined) {
        throw new OneRosterPermanentError(`tenant ${this.tenant}: the OneRoster token endpoint's answer exceeded ${this.settings.maxResponseBytes ?? DEFAULT_MAX_TOKEN_RESPONSE_BYTES} bytes; check the token URL`, {
          tenant: this.tenant, endpoint: 'token', status: response.status,
        });
      }
      return { response, text };
    }
  }

  /** The request's credentials: a Basic header (client_secret_basic) or form fields (client_secret_post). */
  private credentials(): { headers: Record<string, string>; body: string } {
    const { clientId, clientSecret } = this.settings;
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: (this.settings.scopes ?? defaultScopes).join(' ') });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.settings.clientAuth === 'client_secret_post') {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    } else {
      headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    }
    return { headers, body: form.toString() };
  }

  /** A refused token request, classified: a scope problem, a credentials problem, or an HTTP failure. */
  private refusal(status: number, text: string): Error {
    const endpoint = 'token';
    const oauth = safeJson(text) as { error?: string; error_description?: string } | undefined;
    const detail = `HTTP ${status}: ${bodyExcerpt(text)}`;
    if (oauth?.error === 'invalid_scope') {
      return new OneRosterScopeError(
        `tenant ${this.tenant}: the OneRoster token endpoint refused the requested scopes (${detail}); asked for ` +
          `${(this.settings.scopes ?? defaultScopes).map((s) => s.replace(oneRosterScopePrefix, '')).join(', ')} — ask the district to grant them ` +
          `to this client, or set the scopes it grants (\`ops tenants update ${this.tenant} --ic-provider '{"scopes":[…]}'\`)`,
        { tenant: this.tenant, endpoint, status },
      );
    }
    const error = httpError({ tenant: this.tenant, endpoint, status, imsx: parseImsxStatus(oauth) }, bodyExcerpt(text));
    if (error instanceof OneRosterAuthError || status === 400) {
      return new OneRosterAuthError(
        `tenant ${this.tenant}: the OneRoster token endpoint refused the client credentials (${detail}); check client id/secret, ` +
          `their expiry, the appName and how the client authenticates (ic.clientAuth ${this.settings.clientAuth ?? 'client_secret_basic'})`,
        { tenant: this.tenant, endpoint, status },
      );
    }
    return error;
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
