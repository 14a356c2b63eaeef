import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CanvasError, JwksKeyStore, LiveEventAuthError, LiveEventVerifier, toLocalId } from '@rp/canvas';
import { type CanvasLiveEventRecord, liveEventKey } from '@rp/messaging';
import type { GatewayTenant, TenantMatch } from './tenant-directory';

/** Outcome label of the `rp_gateway_events_total` counter. */
export type IntakeOutcome = 'accepted' | 'unsigned' | 'malformed' | 'forged' | 'unknown-tenant' | 'unavailable';

/** An accepted event, ready to publish. */
export interface AcceptedEvent {
  tenant: string;
  key: string;
  record: CanvasLiveEventRecord;
}

/** A refusal (or a temporary failure) with the HTTP status and a message naming the fix. */
export class IntakeRefusal extends Error {
  constructor(readonly status: number, readonly outcome: IntakeOutcome, message: string, readonly tenant?: string) {
    super(message);
    this.name = 'IntakeRefusal';
  }
}

export interface LiveEventIntakeOptions {
  resolveTenant: (metadata: Record<string, unknown>) => Promise<TenantMatch>;
  /** Builds the verifier of a tenant (the service caches JWKS per URL). */
  verifierFor: (tenant: GatewayTenant & { liveEventsJwksUrl: string }) => LiveEventVerifier;
  clock?: () => Date;
}

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

/**
 * Turns one POST body into a `canvas.live-events` record, or refuses it: only a compact RS256 JWT signed by a key
 * in the JWKS of the tenant whose Canvas root account the event names is accepted. Nothing is trusted before the
 * signature is verified (the unverified payload only picks which tenant's JWKS to verify against).
 */
export class LiveEventIntake {
  private readonly clock: () => Date;

  constructor(private readonly options: LiveEventIntakeOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async accept(contentType: string | undefined, raw: Buffer): Promise<AcceptedEvent> {
    const text = raw.toString('utf8').trim();
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (text.startsWith('{') || text.startsWith('[') || type === 'application/json') {
      throw new IntakeRefusal(401, 'unsigned', 'unsigned event refused: the body must be a Live Events JWT signed by Canvas (Content-Type application/jwt)');
    }
    if (!COMPACT_JWS.test(text)) {
      throw new IntakeRefusal(400, 'malformed', 'the body is not a compact JWT (header.payload.signature)');
    }
    let claims: Record<string, unknown>;
    try {
      const header = decodeProtectedHeader(text);
      if (header.alg !== 'RS256') throw new IntakeRefusal(401, 'unsigned', `token algorithm ${String(header.alg)} refused: Canvas signs Live Events with RS256`);
      claims = decodeJwt(text) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof IntakeRefusal) throw error;
      throw new IntakeRefusal(400, 'malformed', `the JWT cannot be decoded: ${(error as Error).message}`);
    }
    const unverified = envelopeIn(claims);
    if (!unverified) throw new IntakeRefusal(400, 'malformed', 'the JWT carries no Canvas-format event ({metadata, body})');

    const match = await this.options.resolveTenant(unverified.metadata);
    if (match.kind !== 'tenant') throw new IntakeRefusal(403, 'unknown-tenant', match.reason);
    const tenant = match.tenant;
    if (!tenant.liveEventsJwksUrl) {
      throw new IntakeRefusal(403, 'unknown-tenant', `tenant ${tenant.id} has no canvas.liveEventsJwksUrl; set it with \`ops tenants update ${tenant.id}\``, tenant.id);
    }

    let verifiedClaims: Record<string, unknown>;
    try {
      verifiedClaims = (await this.options.verifierFor({ ...tenant, liveEventsJwksUrl: tenant.liveEventsJwksUrl }).verify(text)).claims as Record<string, unknown>;
    } catch (error) {
      if (error instanceof LiveEventAuthError) throw new IntakeRefusal(401, 'forged', error.message, tenant.id);
      if (error instanceof CanvasError && error.retriable) throw new IntakeRefusal(503, 'unavailable', error.message, tenant.id);
      throw error;
    }
    const event = envelopeIn(verifiedClaims)!;
    return this.recordOf(tenant.id, event.metadata, event.body, verifiedClaims);
  }

  private recordOf(tenant: string, metadata: Record<string, unknown>, body: unknown, claims: Record<string, unknown>): AcceptedEvent {
    const eventName = metadata.event_name;
    if (typeof eventName !== 'string' || eventName === '') {
      throw new IntakeRefusal(400, 'malformed', `tenant ${tenant}: the event has no metadata.event_name`, tenant);
    }
    if (!isObject(body)) throw new IntakeRefusal(400, 'malformed', `tenant ${tenant}: ${eventName} body is not an object`, tenant);
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
      eventId: idText(claims.jti) ?? idText(metadata.request_id) ?? idText(metadata.job_id),
      receivedAt: this.clock().toISOString(),
    };
    return { tenant, key: liveEventKey(tenant, contextId), record };
  }
}

/** One key store per JWKS URL (tenants on one Canvas instance share its keys), one verifier per tenant. */
export function verifierCache(options: { cooldownMs?: number } = {}): (tenant: GatewayTenant & { liveEventsJwksUrl: string }) => LiveEventVerifier {
  const stores = new Map<string, JwksKeyStore>();
  const verifiers = new Map<string, { url: string; verifier: LiveEventVerifier }>();
  return (tenant) => {
    const cached = verifiers.get(tenant.id);
    if (cached && cached.url === tenant.liveEventsJwksUrl) return cached.verifier;
    let keys = stores.get(tenant.liveEventsJwksUrl);
    if (!keys) {
      keys = new JwksKeyStore({ jwksUrl: tenant.liveEventsJwksUrl, cooldownMs: options.cooldownMs });
      stores.set(tenant.liveEventsJwksUrl, keys);
    }
    const verifier = new LiveEventVerifier({ keys, tenant: tenant.id });
    verifiers.set(tenant.id, { url: tenant.liveEventsJwksUrl, verifier });
    return verifier;
  };
}
