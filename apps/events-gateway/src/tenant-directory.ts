import { matchesDeliveryUrlSecret, shardOf, toLocalId } from '@rp/canvas';

/** What the gateway needs to know about a tenant's Canvas instance (no secrets). */
export interface GatewayTenant {
  id: string;
  /** `canvas.rootAccountId`: a uuid, a global id (then bound to the host of `baseUrl`) or a local id (never enough). */
  rootAccountId: string;
  /** `canvas.rootAccountUuid`: when set, the event's `root_account_uuid` must equal it. */
  rootAccountUuid?: string;
  baseUrl: string;
  liveEventsJwksUrl?: string;
  /** Expected `iss` / `aud` of the Live Events JWTs, when the tenant's subscription sets them. */
  liveEventsIssuer?: string;
  liveEventsAudience?: string;
  /** Maximum token age (default 3 h). */
  liveEventsMaxAgeSeconds?: number;
  /** SHA-256 of the tenant's unsigned delivery URL secret, when unsigned delivery is set up. */
  liveEventsUrlSecretSha256?: string;
}

/**
 * A refusal carries a `reason` safe to answer to the sender (no tenant id) and a `detail` for the gateway's log.
 */
export type TenantMatch =
  | { kind: 'tenant'; tenant: GatewayTenant }
  | { kind: 'unknown'; reason: string; detail: string }
  | { kind: 'ambiguous'; reason: string; detail: string };

const str = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value).trim() || undefined : undefined;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The Canvas host an event names: the suffix of `root_account_lti_guid` (`<uuid>.<host>`, always present), else `hostname`. */
function eventHost(metadata: Record<string, unknown>): string | undefined {
  const guid = str(metadata.root_account_lti_guid);
  const dot = guid?.indexOf('.') ?? -1;
  if (guid && dot > 0) return guid.slice(dot + 1).toLowerCase();
  return str(metadata.hostname)?.toLowerCase();
}

/** How a tenant's configured root account identifies the Canvas instance: a uuid, a global id, or only a local id. */
export function identityOf(rootAccountId: string): 'uuid' | 'global' | 'local' {
  const id = rootAccountId.trim();
  if (!/^\d+$/.test(id)) return 'uuid';
  return shardOf(id) > 0 ? 'global' : 'local';
}

/** True when the event comes from the tenant's Canvas root account, judged on the instance's full identity. */
function sameInstance(t: GatewayTenant, metadata: Record<string, unknown>): boolean {
  if (t.rootAccountUuid?.trim()) return str(metadata.root_account_uuid) === t.rootAccountUuid.trim();
  const configured = t.rootAccountId.trim();
  switch (identityOf(configured)) {
    case 'uuid':
      return str(metadata.root_account_uuid) === configured;
    case 'global':
      // Global ids are unique within one Canvas deployment only: the instance's host must match too.
      return str(metadata.root_account_id) === configured && eventHost(metadata) !== undefined && eventHost(metadata) === hostOf(t.baseUrl);
    case 'local':
      return false; // a local id (`1`) is the same on every Canvas instance: never enough
  }
}

/**
 * Picks the tenant whose Canvas root account sent an event: the event's `root_account_uuid` equals the tenant's
 * `rootAccountUuid` (or a uuid given as `rootAccountId`), or its `root_account_id` equals the configured global id and the event's instance host equals
 * the host of the tenant's `canvas.baseUrl`. A tenant configured with a local id never matches (any Canvas
 * instance has a root account `1`); the log names it with the fix.
 */
export function matchTenant(tenants: readonly GatewayTenant[], metadata: Record<string, unknown>): TenantMatch {
  const globalId = str(metadata.root_account_id);
  const uuid = str(metadata.root_account_uuid);
  if (globalId === undefined && uuid === undefined) {
    const reason = 'the event names no root account (metadata.root_account_id / root_account_uuid)';
    return { kind: 'unknown', reason, detail: reason };
  }
  const candidates = tenants.filter((t) => sameInstance(t, metadata));
  const account = `Canvas root account ${uuid ?? globalId}${eventHost(metadata) ? ` on ${eventHost(metadata)}` : ''}`;
  if (candidates.length === 1) return { kind: 'tenant', tenant: candidates[0] };
  if (candidates.length > 1) {
    return {
      kind: 'ambiguous', reason: `several tenants are configured for ${account}; the platform's operator must fix this`,
      detail: `tenants ${candidates.map((t) => t.id).join(', ')} all match ${account}; one Canvas account belongs to one tenant`,
    };
  }
  const localId = globalId === undefined ? undefined : toLocalId(globalId);
  const localOnly = tenants.filter((t) => !t.rootAccountUuid && identityOf(t.rootAccountId) === 'local' && t.rootAccountId.trim() === String(localId));
  return {
    kind: 'unknown',
    reason: `no tenant is configured for ${account}`,
    detail: localOnly.length > 0
      ? `no tenant matches ${account}; tenants ${localOnly.map((t) => t.id).join(', ')} name only the local root account id ${localId}, which every Canvas instance has: set their root account uuid (${uuid ?? '?'}) with \`ops tenants update <tenant> --canvas-root-account-uuid\``
      : `no active tenant matches ${account}; set the tenant's root account uuid with \`ops tenants update <tenant> --canvas-root-account-uuid\``,
  };
}

export interface TenantDirectoryOptions {
  /** Reads the active tenants (the tenant directory view in the service). */
  load: () => Promise<GatewayTenant[]>;
  /** Reload after this long even without misses. */
  refreshMs: number;
  /** At most one reload per this interval because of unknown accounts (forged requests must not hammer the database). */
  missCooldownMs: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/** The cached tenant list, refreshed periodically and when an event names an account it does not know. */
export class TenantDirectory {
  private tenants: GatewayTenant[] = [];
  private loadedAt = Number.NEGATIVE_INFINITY;
  private missReloadAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private readonly clock: () => number;

  constructor(private readonly options: TenantDirectoryOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Loads the list now; throws when the first load fails (the service is not ready without it). */
  async reload(): Promise<void> {
    this.inFlight ??= this.options.load().then((tenants) => {
      this.tenants = tenants;
      this.loadedAt = this.clock();
    }).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The tenant whose unsigned delivery URL carries `secret` (every tenant compared, each in constant time). */
  async bySecret(secret: string): Promise<GatewayTenant | undefined> {
    if (this.clock() - this.loadedAt >= this.options.refreshMs) await this.tryReload();
    const find = () => this.tenants.filter((t) => matchesDeliveryUrlSecret(secret, t.liveEventsUrlSecretSha256));
    let found = find();
    if (found.length === 0 && this.clock() - this.missReloadAt >= this.options.missCooldownMs) {
      this.missReloadAt = this.clock();
      await this.tryReload(); // a secret rotated a moment ago
      found = find();
    }
    return found.length === 1 ? found[0] : undefined;
  }

  /** A tenant of the last loaded list, by id. */
  tenant(id: string): GatewayTenant | undefined {
    return this.tenants.find((t) => t.id === id);
  }

  get loaded(): boolean {
    return this.loadedAt > Number.NEGATIVE_INFINITY;
  }

  /** The tenant of an event's metadata; reloads when the cache is old or (rate-limited) when nothing matches. */
  async resolve(metadata: Record<string, unknown>): Promise<TenantMatch> {
    if (this.clock() - this.loadedAt >= this.options.refreshMs) await this.tryReload();
    let match = matchTenant(this.tenants, metadata);
    if (match.kind === 'unknown' && this.clock() - this.missReloadAt >= this.options.missCooldownMs) {
      this.missReloadAt = this.clock();
      await this.tryReload();
      match = matchTenant(this.tenants, metadata);
    }
    return match;
  }

  private async tryReload(): Promise<void> {
    try {
      await this.reload();
    } catch (error) {
      this.options.onError?.(error); // keep serving the last good list
    }
  }
}
