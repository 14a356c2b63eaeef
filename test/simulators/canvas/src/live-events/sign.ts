import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

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

  /** Signs `{metadata, body}` as the JWT payload (compact JWS). */
  async sign(payload: Record<string, unknown>, issuedAt: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: this.current.kid, typ: 'JWT' })
      .setIssuedAt(Math.floor(issuedAt / 1000))
      .setJti(randomUUID())
      .sign(this.current.privateKey);
  }
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `canvas-sim-${randomUUID()}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}
