import { toLocalId } from '@rp/canvas';

/** What the gateway needs to know about a tenant's Canvas instance. */
export interface GatewayTenant {
  id: string;
  /** `canvas.rootAccountId`: a local id (`1`), a global id (`21070000000000001`) or the root account uuid. */
  rootAccountId: string;
  baseUrl: string;
  liveEventsJwksUrl?: string;
}

export type TenantMatch =
  | { kind: 'tenant'; tenant: GatewayTenant }
  | { kind: 'unknown'; reason: string }
  | { kind: 'ambiguous'; reason: string };

const str = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value).trim() || undefined : undefined;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The Canvas host an event names: `metadata.hostname`, else the suffix of `root_account_lti_guid` (`<uuid>.<host>`). */
function eventHost(metadata: Record<string, unknown>): string | undefined {
  const hostname = str(metadata.hostname);
  if (hostname) return hostname.toLowerCase();
  const guid = str(metadata.root_account_lti_guid);
  const dot = guid?.indexOf('.') ?? -1;
  return guid && dot > 0 ? guid.slice(dot + 1).toLowerCase() : undefined;
}

/**
 * Picks the tenant whose Canvas root account sent an event, from the event's `metadata`: an exact match of the
 * configured id with the global id or uuid wins; a local id matches `root_account_id mod 10^13`. Several tenants
 * left (same local id on different Canvas instances) are told apart by the instance's host.
 */
export function matchTenant(tenants: readonly GatewayTenant[], metadata: Record<string, unknown>): TenantMatch {
  const globalId = str(metadata.root_account_id);
  const uuid = str(metadata.root_account_uuid);
  const localId = globalId === undefined ? undefined : toLocalId(globalId);
  if (globalId === undefined && uuid === undefined) {
    return { kind: 'unknown', reason: 'the event names no root account (metadata.root_account_id / root_account_uuid)' };
  }
  const exact = tenants.filter((t) => t.rootAccountId === globalId || t.rootAccountId === uuid);
  const byLocal = localId === undefined ? [] : tenants.filter((t) => t.rootAccountId.trim() === String(localId));
  let candidates = exact.length > 0 ? exact : byLocal;
  const account = `Canvas root account ${globalId ?? uuid}${uuid && globalId ? ` (uuid ${uuid})` : ''}`;
  if (candidates.length === 0) {
    return { kind: 'unknown', reason: `no active tenant has ${account}; set the tenant's canvas.rootAccountId` };
  }
  if (candidates.length > 1) {
    const host = eventHost(metadata);
    const sameHost = host === undefined ? [] : candidates.filter((t) => hostOf(t.baseUrl) === host);
    if (sameHost.length > 0) candidates = sameHost;
  }
  if (candidates.length > 1) {
    return {
      kind: 'ambiguous',
      reason: `tenants ${candidates.map((t) => t.id).join(', ')} all match ${account}; set their canvas.rootAccountId to the global id or the root account uuid`,
    };
  }
  return { kind: 'tenant', tenant: candidates[0] };
}

export interface TenantDirectoryOptions {
  /** Reads the active tenants (TenantRepository.activeConnections in the service). */
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
