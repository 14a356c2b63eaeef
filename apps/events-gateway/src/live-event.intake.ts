import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CALIPER_REFUSAL, CanvasError, DEFAULT_LIVE_EVENT_MAX_AGE_SECONDS, isCaliperPayload, JwksKeyStore, LiveEventAuthError, LiveEventVerifier, toLocalId } from '@rp/canvas';
import { liveEventIdentity } from '@rp/mapping';
import { type CanvasLiveEventRecord, liveEventKey } from '@rp/messaging';
import { type GatewayTenant, matchTenant, type TenantMatch } from './tenant-directory';

/** Outcome label of the `rp_gateway_events_total` counter. */
export type IntakeOutcome = 'accepted' | 'duplicate' | 'unsigned' | 'malformed' | 'forged' | 'unknown-tenant' | 'unavailable';

/** An accepted event, ready to publish. */
export interface AcceptedEvent {
  tenant: string;
  key: string;
  record: CanvasLiveEventRecord;
  /**
   * The event's identity: a digest of its `{metadata, body}` as Canvas sent them. The same token sent again, or the
   * same event signed again, has the same identity (`request_id` alone does not: Canvas shares it between events).
   */
  identity: string;
}

/**
 * A refusal (or a temporary failure) with the HTTP status and a message safe to answer to the sender (it names no
 * tenant and no internal error); `detail` is for the gateway's log only.
 */
export class IntakeRefusal extends Error {
  constructor(readonly status: number, readonly outcome: IntakeOutcome, message: string, readonly tenant?: string, readonly detail: string = message) {
    super(message);
    this.name = 'IntakeRefusal';
  }
}

export type VerifiableTenant = GatewayTenant & { liveEventsJwksUrl: string };

export interface LiveEventIntakeOptions {
  resolveTenant: (metadata: Record<string, unknown>) => Promise<TenantMatch>;
  /** Builds the verifier of a tenant (the service caches JWKS per URL). */
  verifierFor: (tenant: VerifiableTenant) => LiveEventVerifier;
  clock?: () => Date;
}

const TOLERANCE_MS = 60_000;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const idText = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/** The `{metadata, body}` envelope inside JWT claims: the payload itself or one claim holding it (object or JSON). */
function envelopeIn(claims: Record<string, unknown>): { metadata: Record<string, unknown>; body: unknown } | undefined {
  const candidates: unknown[] = [claims, ...Object.values(claims)];
  for (const c of candidates) {
    let value = c;
    if (typeof c === 'string' && c.startsWith('{')) {
      try {
        value = JSON.parse(c);
      } catch {
        continue;
      }
    }
    if (isObject(value) && isObject(value.metadata)) return { metadata: value.metadata, body: value.body ?? {} };
  }
  return undefined;
}

/** True when the claims are (or hold, in one claim) a Caliper payload. */
function caliperIn(claims: Record<string, unknown>): boolean {
  return [claims, ...Object.values(claims)].some((c) => {
    if (typeof c !== 'string' || !c.startsWith('{')) return isCaliperPayload(c);
    try {
      return isCaliperPayload(JSON.parse(c));
    } catch {
      return false;
    }
  });
}

/**
 * Turns one POST body into a `canvas.live-events` record, or refuses it: only a compact RS256 JWT signed by a key
 * in the JWKS of the tenant whose Canvas instance (root account uuid, or global id and host) the event names, issued
 * (`iat`) within the tenant's maximum age, unexpired, with the tenant's `iss`/`aud` when set, is accepted. Nothing is
 * trusted before the signature is verified (the unverified payload only picks which tenant's JWKS to verify against).
 * Whether the body is a JWT is decided from the body itself, whatever the Content-Type says.
 */
export class LiveEventIntake {
  private readonly clock: () => Date;

  constructor(private readonly options: LiveEventIntakeOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async accept(_contentType: string | undefined, raw: Buffer): Promise<AcceptedEvent> {
    const text = raw.toString('utf8').trim();
    if (text.startsWith('{') || text.startsWith('[')) {
      throw new IntakeRefusal(401, 'unsigned', 'unsigned event refused: the body must be a Live Events JWT signed by Canvas ("Sign Payload" on), or be sent to the tenant\'s unsigned delivery URL');
    }
    if (!COMPACT_JWS.test(text)) {
      throw new IntakeRefusal(400, 'malformed', 'the body is not a compact JWT (header.payload.signature)');
    }
    let claims: Record<string, unknown>;
    try {
      const header = decodeProtectedHeader(text);
      if (header.alg !== 'RS256') throw new IntakeRefusal(401, 'unsigned', `token algorithm ${String(header.alg).slice(0, 20)} refused: Canvas signs Live Events with RS256`);
      claims = decodeJwt(text) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof IntakeRefusal) throw error;
      throw new IntakeRefusal(400, 'malformed', 'the JWT cannot be decoded');
    }
    const unverified = envelopeIn(claims);
    if (!unverified && caliperIn(claims)) throw new IntakeRefusal(400, 'malformed', CALIPER_REFUSAL);
    if (!unverified) throw new IntakeRefusal(400, 'malformed', 'the JWT carries no Canvas-format event ({metadata, body})');

    const match = await this.options.resolveTenant(unverified.metadata);
    if (match.kind !== 'tenant') throw new IntakeRefusal(403, 'unknown-tenant', match.reason, undefined, match.detail);
    const tenant = match.tenant;
    if (!tenant.liveEventsJwksUrl) {
      throw new IntakeRefusal(403, 'unknown-tenant', 'signed Live Events are not set up for this Canvas account', tenant.id,
        `tenant ${tenant.id} has no canvas.liveEventsJwksUrl; set it with \`ops tenants update ${tenant.id}\``);
    }

    let verifiedClaims: Record<string, unknown>;
    try {
      verifiedClaims = (await this.options.verifierFor({ ...tenant, liveEventsJwksUrl: tenant.liveEventsJwksUrl }).verify(text)).claims as Record<string, unknown>;
    } catch (error) {
      if (error instanceof LiveEventAuthError) throw new IntakeRefusal(401, 'forged', `token refused: ${error.reason}`, tenant.id, error.message);
      if (error instanceof CanvasError && error.retriable) {
        throw new IntakeRefusal(503, 'unavailable', 'the signing keys cannot be checked right now; retry later', tenant.id, error.message);
      }
      throw error;
    }
    const event = envelopeIn(verifiedClaims)!;
    return this.recordOf(tenant.id, event.metadata, event.body, idText(verifiedClaims.jti));
  }

  /**
   * An unsigned delivery ("Sign Payload" off) to `tenant`'s delivery URL, which authenticated it by its secret: the
   * body is the plain event JSON (a JWT is verified as on the signed path, and must belong to the same tenant). The
   * event must still name the tenant's Canvas instance, and its `event_time` stands in for `iat`: older than the
   * tenant's maximum age (or ahead of the clock) is refused.
   */
  async acceptUnsigned(tenant: GatewayTenant, contentType: string | undefined, raw: Buffer): Promise<AcceptedEvent> {
    const text = raw.toString('utf8').trim();
    if (!text.startsWith('{')) {
      const signed = await this.accept(contentType, raw);
      if (signed.tenant !== tenant.id) throw new IntakeRefusal(403, 'unknown-tenant', 'the event belongs to another delivery URL', tenant.id, `tenant ${tenant.id}'s delivery URL received an event of tenant ${signed.tenant}`);
      return signed;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new IntakeRefusal(400, 'malformed', 'the body is neither a JWT nor JSON', tenant.id);
    }
    if (isCaliperPayload(parsed)) throw new IntakeRefusal(400, 'malformed', CALIPER_REFUSAL, tenant.id);
    if (!isObject(parsed) || !isObject(parsed.metadata)) throw new IntakeRefusal(400, 'malformed', 'the body carries no Canvas-format event ({metadata, body})', tenant.id);
    const metadata = parsed.metadata;
    const match = matchTenant([tenant], metadata);
    if (match.kind !== 'tenant') {
      throw new IntakeRefusal(403, 'unknown-tenant', 'the event names another Canvas account than this delivery URL belongs to', tenant.id, `tenant ${tenant.id}'s delivery URL: ${match.detail}`);
    }
    this.refuseStale(tenant, metadata.event_time);
    return this.recordOf(tenant.id, metadata, parsed.body ?? {}, null);
  }

  /** Freshness of an unsigned event, from its `event_time` (the only time it carries). */
  private refuseStale(tenant: GatewayTenant, eventTime: unknown): void {
    const at = typeof eventTime === 'string' ? Date.parse(eventTime) : Number.NaN;
    if (Number.isNaN(at)) throw new IntakeRefusal(400, 'malformed', 'the event has no valid metadata.event_time', tenant.id);
    const maxAgeMs = (tenant.liveEventsMaxAgeSeconds ?? DEFAULT_LIVE_EVENT_MAX_AGE_SECONDS) * 1000;
    const now = this.clock().getTime();
    if (now - at > maxAgeMs + TOLERANCE_MS) throw new IntakeRefusal(401, 'forged', 'event too old: event_time is before the maximum event age', tenant.id);
    if (at - now > TOLERANCE_MS) throw new IntakeRefusal(401, 'forged', 'event_time is in the future', tenant.id);
  }

  /** Builds the record of a verified (or URL-authenticated) event of `tenant`. */
  recordOf(tenant: string, metadata: Record<string, unknown>, body: unknown, jti: string | null): AcceptedEvent {
    const eventName = metadata.event_name;
    if (typeof eventName !== 'string' || eventName === '') {
      throw new IntakeRefusal(400, 'malformed', 'the event has no metadata.event_name', tenant);
    }
    if (!isObject(body)) throw new IntakeRefusal(400, 'malformed', `the ${eventName.slice(0, 60)} event's body is not an object`, tenant);
    const local = (v: unknown) => {
      const id = toLocalId(v);
      return id === undefined ? idText(v) : String(id);
    };
    const contextId = metadata.context_id === undefined || metadata.context_id === null ? null : local(metadata.context_id);
    const record: CanvasLiveEventRecord = {
      tenant,
      eventName,
      eventTime: idText(metadata.event_time) ?? this.clock().toISOString(),
      metadata: JSON.stringify(metadata),
      body: JSON.stringify(body),
      rootAccountId: metadata.root_account_id === undefined ? null : local(metadata.root_account_id),
      contextType: idText(metadata.context_type),
      contextId,
      eventId: jti ?? idText(metadata.request_id) ?? idText(metadata.job_id),
      receivedAt: this.clock().toISOString(),
    };
    return { tenant, key: liveEventKey(tenant, contextId), record, identity: liveEventIdentity(metadata, body) };
  }
}

export interface VerifierCacheOptions {
  cooldownMs?: number;
  /** JWKS fetch limits (see JwksKeyStore). */
  jwksTimeoutMs?: number;
  jwksMaxBytes?: number;
}

/** One key store per JWKS URL (tenants on one Canvas instance share its keys), one verifier per tenant and settings. */
export function verifierCache(options: VerifierCacheOptions = {}): (tenant: VerifiableTenant) => LiveEventVerifier {
  const stores = new Map<string, JwksKeyStore>();
  const verifiers = new Map<string, { settings: string; verifier: LiveEventVerifier }>();
  return (tenant) => {
    const settings = JSON.stringify([tenant.liveEventsJwksUrl, tenant.liveEventsIssuer, tenant.liveEventsAudience, tenant.liveEventsMaxAgeSeconds]);
    const cached = verifiers.get(tenant.id);
    if (cached && cached.settings === settings) return cached.verifier;
    let keys = stores.get(tenant.liveEventsJwksUrl);
    if (!keys) {
      keys = new JwksKeyStore({ jwksUrl: tenant.liveEventsJwksUrl, cooldownMs: options.cooldownMs, timeoutMs: options.jwksTimeoutMs, maxBytes: options.jwksMaxBytes });
      stores.set(tenant.liveEventsJwksUrl, keys);
    }
    const verifier = new LiveEventVerifier({
      keys, tenant: tenant.id, issuer: tenant.liveEventsIssuer, audience: tenant.liveEventsAudience, maxTokenAgeSeconds: tenant.liveEventsMaxAgeSeconds,
    });
    verifiers.set(tenant.id, { settings, verifier });
    return verifier;
  };
}
