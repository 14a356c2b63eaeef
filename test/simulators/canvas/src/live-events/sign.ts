import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

/**
 * Registered claims of the Live Events JWT. Canvas documents none but the event in the claims and a `kid` from its
 * JWKS (docs/canvas.md §6.1); like most JWT signers it sets `iat` and `jti`. `iss`, `aud` and `exp` are set only
 * when configured, so receivers are tested both ways.
 */
export interface LiveEventClaims {
  issuer?: string;
  audience?: string;
  /** `exp` = `iat` + this. */
  expiresInSeconds?: number;
}

/** How one token is signed (tests craft stale or malformed ones with it). */
export interface SignOptions extends LiveEventClaims {
  /** `iat` in ms since the epoch; `null` leaves `iat` out. */
  issuedAt: number | null;
  /** Explicit `exp` in ms (wins over `expiresInSeconds`). */
  expiresAt?: number;
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

/**
 * RS256 keys for Live Events, generated at start. Canvas rotates its key monthly and publishes
 * the current and recent keys in a JWKS, so consumers verify by `kid` on receipt.
 */
export class SigningKeys {
  private constructor(private current: SigningKey, private retired: SigningKey[] = []) {}

  static async create(): Promise<SigningKeys> {
    return new SigningKeys(await newKey());
  }

  get kid(): string {
    return this.current.kid;
  }

  /** Starts signing with a new key; the old one stays in the JWKS unless `dropPrevious`. */
  async rotate(options: { dropPrevious?: boolean } = {}): Promise<string> {
    const next = await newKey();
    this.retired = options.dropPrevious ? [] : [this.current, ...this.retired].slice(0, 2);
    this.current = next;
    return next.kid;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.current, ...this.retired].map((k) => k.publicJwk) };
  }

  /** Signs `{metadata, body}` as the JWT payload (compact JWS) with the current key. */
  async sign(payload: Record<string, unknown>, options: SignOptions): Promise<string> {
    const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: this.current.kid, typ: 'JWT' }).setJti(randomUUID());
    const seconds = (ms: number) => Math.floor(ms / 1000);
    if (options.issuedAt !== null) jwt.setIssuedAt(seconds(options.issuedAt));
    if (options.expiresAt !== undefined) jwt.setExpirationTime(seconds(options.expiresAt));
    else if (options.expiresInSeconds !== undefined && options.issuedAt !== null) jwt.setExpirationTime(seconds(options.issuedAt) + options.expiresInSeconds);
    if (options.issuer) jwt.setIssuer(options.issuer);
    if (options.audience) jwt.setAudience(options.audience);
    return jwt.sign(this.current.privateKey);
  }
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `canvas-sim-${randomUUID()}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}
