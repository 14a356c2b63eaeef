import type { TenantRepository } from '@rp/persistence';
import { TtlCache } from '../shared/ttl-cache';
import { type TenantContexts, type TenantGradebookContext, tenantContextOf } from './tenant-context';

/** Tenant contexts from the admin store, kept for a short time so a token or settings change is picked up. */
export class StoredTenantContexts implements TenantContexts {
  private readonly cache: TtlCache<TenantGradebookContext>;

  constructor(
    private readonly tenants: TenantRepository,
    private readonly maxConcurrentRequests: number,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(ttlMs, now);
  }

  context(tenant: string): Promise<TenantGradebookContext> {
    return this.cache.get(tenant, async () => tenantContextOf(await this.tenants.connection(tenant), this.maxConcurrentRequests));
  }

  async activeTenants(): Promise<string[]> {
    return (await this.tenants.list()).filter((t) => t.status === 'active').map((t) => t.id);
  }
}
