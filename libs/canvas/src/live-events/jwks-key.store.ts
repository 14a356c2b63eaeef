import { readCapped } from '@rp/config';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { CanvasPermanentError, CanvasRetriableError } from '../errors/canvas.error';
import { systemClock, type Clock, type FetchPort } from '../http/ports';

export interface JwksKeyStoreOptions {
  /** The JWKS the Live Events JWTs are signed with (configured per deployment). */
  jwksUrl: string;
  fetch?: FetchPort;
  clock?: Clock;
  /** Minimum time between refetches triggered by unknown kids (forged tokens must not hammer the JWKS). */
  cooldownMs?: number;
  /** Refresh the cached set after this long even when every kid is known (keys rotate monthly). */
  maxAgeMs?: number;
  /** A JWKS answer slower than this fails (retriable) instead of holding the request. */
  timeoutMs?: number;
  /** A JWKS body larger than this is refused (a JWKS of three RSA keys is ~1.5 KB). */
  maxBytes?: number;
  tenant?: string;
}

/** Thrown when a token names a key that is not (or no longer) in the JWKS. */
export class UnknownSigningKeyError extends CanvasPermanentError {}

/** Caches a JWKS and refetches it on an unknown `kid` (key rotation), at most once per cooldown. */
export class JwksKeyStore {
  private keys = new Map<string, KeyLike | Uint8Array>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private readonly clock: Clock;
  private readonly fetchPort: FetchPort;
  /** Number of JWKS downloads so far (for metrics and tests). */
  fetches = 0;

  /** Usable signing keys (RSA, `use` sig or unset) in the set last downloaded. */
  get keyCount(): number {
    return this.keys.size;
  }

  constructor(private readonly options: JwksKeyStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.fetchPort = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /** The verification key for a JWT header; refreshes the set when the kid is unknown or the cache is old. */
  async getKey(header: { kid?: string; alg?: string }): Promise<KeyLike | Uint8Array> {
    const now = this.clock.now();
    if (now - this.fetchedAt > (this.options.maxAgeMs ?? 3_600_000)) await this.refresh(this.keys.size > 0);
    let key = this.find(header.kid);
    if (!key && this.clock.now() - this.attemptedAt >= (this.options.cooldownMs ?? 30_000)) {
      await this.refresh(false);
      key = this.find(header.kid);
    }
    if (!key) {
      throw new UnknownSigningKeyError(`no signing key ${header.kid ? `with kid ${header.kid}` : '(token has no kid)'} in the JWKS`, 'the token is forged, or signed by a key not yet published; check the configured JWKS URL', {
        tenant: this.options.tenant,
        what: 'Live Events JWT',
      });
    }
    return key;
  }

  private find(kid?: string): KeyLike | Uint8Array | undefined {
    if (kid !== undefined) return this.keys.get(kid);
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  private refresh(keepOnFailure: boolean): Promise<void> {
    this.inFlight ??= this.download(keepOnFailure).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async download(keepOnFailure: boolean): Promise<void> {
    this.attemptedAt = this.clock.now();
    const context = { tenant: this.options.tenant, what: `GET ${this.options.jwksUrl}` };
    try {
      this.fetches += 1;
      const response = await this.fetchPort(this.options.jwksUrl, {
        method: 'GET', headers: { Accept: 'application/json' }, redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      if (!response.ok) throw new CanvasRetriableError(`JWKS answered ${response.status}`, 'retry later; check the JWKS URL', { ...context, status: response.status });
      const maxBytes = this.options.maxBytes ?? 65_536;
      const body = await readCapped(response, maxBytes);
      if (body === undefined) throw new Error(`the JWKS is over the ${maxBytes}-byte limit`);
      const jwks = JSON.parse(body) as { keys?: JWK[] };
      const keys = new Map<string, KeyLike | Uint8Array>();
      for (const jwk of jwks.keys ?? []) {
        if (jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
        keys.set(jwk.kid ?? '', await importJWK({ ...jwk, alg: 'RS256' }, 'RS256'));
      }
      this.keys = keys;
      this.fetchedAt = this.clock.now();
    } catch (error) {
      if (keepOnFailure) return;
      if (error instanceof CanvasRetriableError) throw error;
      throw new CanvasRetriableError(`could not load the JWKS (${(error as Error).message})`, 'retry later; check the JWKS URL', context, { cause: error });
    }
  }
}
