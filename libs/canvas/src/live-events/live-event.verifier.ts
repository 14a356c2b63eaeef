import { errors, jwtVerify, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { CanvasError, CanvasPermanentError } from '../errors/canvas.error';
import { systemClock, type Clock } from '../http/ports';
import type { JwksKeyStore } from './jwks-key.store';
import { parseLiveEvent } from './live-event.parser';
import type { LiveEventParseResult } from './live-event.types';

export interface LiveEventVerifierOptions {
  keys: JwksKeyStore;
  /** Expected `iss`, when the subscription sets one. */
  issuer?: string | string[];
  /** Expected `aud`, when the subscription sets one. */
  audience?: string | string[];
  clock?: Clock;
  clockToleranceSeconds?: number;
  /** Tokens must carry `iat` and be at most this old (Canvas retries a delivery for ~20 minutes). */
  maxTokenAgeSeconds?: number;
  tenant?: string;
}

/** The request must be refused (401): bad signature, wrong algorithm, expired, too old, wrong audience… */
export class LiveEventAuthError extends CanvasPermanentError {
  /** What is wrong with the token, safe to tell the sender (names no tenant and no internal detail). */
  readonly reason: string;

  constructor(reason: string, fix: string, context: ConstructorParameters<typeof CanvasPermanentError>[2], options?: { cause?: unknown }) {
    super(reason, fix, context, options);
    this.reason = reason;
  }
}

/** Default maximum token age: a few hours, well above Canvas's own retries over ~20 minutes. */
export const DEFAULT_LIVE_EVENT_MAX_AGE_SECONDS = 3 * 3600;

export interface VerifiedLiveEvent {
  claims: JWTPayload;
  event: LiveEventParseResult;
}

/** Finds `{metadata, body}` in the claims: the payload itself, or one claim holding it (object or JSON text). */
function envelopeOf(claims: JWTPayload): unknown {
  if ('metadata' in claims) return claims;
  for (const value of Object.values(claims)) {
    const candidate = typeof value === 'string' && value.startsWith('{') ? safeJson(value) : value;
    if (candidate && typeof candidate === 'object' && 'metadata' in (candidate as object)) return candidate;
  }
  return claims;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 Live Events JWT against the JWKS and parses the event it carries. */
export class LiveEventVerifier {
  private readonly clock: Clock;

  constructor(private readonly options: LiveEventVerifierOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Throws `LiveEventAuthError` (refuse) or a retriable error (JWKS unavailable); never trusts an unverified token. */
  async verify(token: string): Promise<VerifiedLiveEvent> {
    try {
      const { payload } = await jwtVerify(token.trim(), (header: JWTHeaderParameters) => this.options.keys.getKey(header), {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        currentDate: new Date(this.clock.now()),
        clockTolerance: this.options.clockToleranceSeconds ?? 60,
        requiredClaims: ['iat'],
        maxTokenAge: this.options.maxTokenAgeSeconds ?? DEFAULT_LIVE_EVENT_MAX_AGE_SECONDS,
      });
      return { claims: payload, event: parseLiveEvent(envelopeOf(payload)) };
    } catch (error) {
      if (error instanceof LiveEventAuthError) throw error;
      if (error instanceof CanvasError && error.retriable) throw error;
      throw new LiveEventAuthError(reasonOf(error), 'refuse the request; check the JWKS URL and the subscription', {
        tenant: this.options.tenant,
        what: 'Live Events JWT',
        status: 401,
      }, { cause: error });
    }
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired && error.claim === 'iat') return 'token too old: issued before the maximum token age';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat') {
    return error.reason === 'missing' ? 'token has no iat (issued-at) claim' : `claim iat rejected: ${error.message}`;
  }
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} rejected (${error.reason}): ${error.message}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return `algorithm not allowed (RS256 only): ${error.message}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return `malformed token: ${error.message}`;
  if (error instanceof CanvasError) return error.message.replace(/^tenant [^:]+: /, '').replace(/^Live Events JWT: /, '');
  return error instanceof Error ? error.message : String(error);
}
