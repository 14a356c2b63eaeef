import { OneRosterAuthError, httpError } from '../errors/oneroster.errors';
import { parseImsxStatus } from '../normalise/status-info';
import { ClockPort, FetchPort } from './ports';

export const oneRosterScopePrefix = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';

/** Scopes a rostering + grade passback consumer asks for (doc §4). */
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
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString('base64');
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: (this.settings.scopes ?? defaultScopes).join(' ') });
    const response = await this.fetchPort(tokenRequestUrl(this.settings), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) {
      const error = httpError({ tenant: this.tenant, endpoint, status: response.status, imsx: parseImsxStatus(safeJson(text)) }, text.slice(0, 200));
      if (error instanceof OneRosterAuthError || response.status === 400) {
        throw new OneRosterAuthError(`tenant ${this.tenant}: the OneRoster token endpoint refused the client credentials (HTTP ${response.status}: ${text.slice(0, 200)}); check client id/secret, their expiry and the appName`, { tenant: this.tenant, endpoint, status: response.status });
      }
      throw error;
    }
    const json = safeJson(text) as { access_token?: string; expires_in?: number | string } | undefined;
    if (!json?.access_token) {
      throw new OneRosterAuthError(`tenant ${this.tenant}: the OneRoster token endpoint answered without access_token`, { tenant: this.tenant, endpoint, status: response.status });
    }
    const lifetimeSeconds = Number(json.expires_in ?? 3600);
    const margin = Math.min(this.settings.refreshMarginSeconds ?? 60, lifetimeSeconds / 2);
    this.cached = { token: json.access_token, expiresAt: this.clock.now() + (lifetimeSeconds - margin) * 1000 };
    return json.access_token;
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
