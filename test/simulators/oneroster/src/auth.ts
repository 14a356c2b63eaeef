import { randomBytes } from 'node:crypto';
import { ImsxError } from './imsx';
import { ALL_SCOPES, SCOPE_PREFIX, SimulatorClient } from './options';

interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface TokenGrant {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** OAuth 2 client-credentials error, answered as RFC 6749 JSON rather than imsx. */
export class OAuthError extends Error {
  constructor(readonly status: number, readonly error: string, description: string) {
    super(description);
  }
}

/** Issues and checks Bearer tokens; expiry follows the injectable clock. */
export class TokenService {
  private tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: SimulatorClient[],
    private readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {}

  issue(clientId: string, clientSecret: string, requestedScope: string | null): TokenGrant {
    const client = this.clients.find((c) => c.clientId === clientId && c.clientSecret === clientSecret);
    if (!client) throw new OAuthError(401, 'invalid_client', 'unknown client id or wrong secret');
    const allowed = client.scopes ?? ALL_SCOPES;
    const requested = requestedScope ? requestedScope.split(/\s+/).filter(Boolean) : allowed;
    const refused = requested.filter((s) => !allowed.includes(s));
    if (refused.length) throw new OAuthError(400, 'invalid_scope', `scope not granted to ${clientId}: ${refused.join(' ')}`);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId, scopes: requested, expiresAt: this.now().getTime() + this.ttlSeconds * 1000 });
    return { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds, scope: requested.join(' ') };
  }

  /** Checks the Authorization header and that one of `anyOf` scopes (short names) was granted. */
  authorize(header: string | undefined, anyOf: string[]): IssuedToken {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const token = m && this.tokens.get(m[1]);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="oneroster"' };
    if (!token) throw new ImsxError(401, 'unauthorisedrequest', 'missing or unknown access token', challenge);
    if (token.expiresAt <= this.now().getTime()) {
      throw new ImsxError(401, 'unauthorisedrequest', 'access token expired', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    if (!anyOf.some((s) => token.scopes.includes(SCOPE_PREFIX + s))) {
      throw new ImsxError(403, 'forbidden', `token lacks scope: one of ${anyOf.join(', ')} is required`);
    }
    return token;
  }

  /** The client a bearer header's token was issued to (undefined for a missing or unknown token). */
  clientOf(header: string | undefined): string | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return m ? this.tokens.get(m[1])?.clientId : undefined;
  }

  /** Invalidates every issued token at once (simulates expiry mid-run). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }
}

/** Client id/secret from HTTP Basic, else from the form body (some providers accept both). */
export function clientCredentials(authorization: string | undefined, form: URLSearchParams): [string, string] {
  const m = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (m) {
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return [decodeURIComponent(decoded.slice(0, i)), decodeURIComponent(decoded.slice(i + 1))];
  }
  return [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
}
