import { systemClock, TenantConcurrencyLimiter } from '@rp/oneroster';
import type { TenantRepository } from '@rp/persistence';
import { TtlCache } from '../cache/ttl-cache';
import { type GradebookRoleName, icConcurrencyShare } from './ic-concurrency-share';
import { oneRosterSettingsOf, type TenantContexts, type TenantGradebookContext, tenantContextOf } from './tenant-context';

/**
 * Tenant contexts from the admin store, kept for a short time so a token or settings change is picked up. Every
 * context of a tenant shares one IC limiter holding this role's share of the tenant's limit (see icConcurrencyShare).
 */
export class StoredTenantContexts implements TenantContexts {
  private readonly cache: TtlCache<TenantGradebookContext>;
  private readonly limiters = new Map<string, TenantConcurrencyLimiter>();

  constructor(
    private readonly tenants: TenantRepository,
    private readonly maxConcurrentRequests: number,
    ttlMs: number,
    private readonly role: GradebookRoleName = 'writer',
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(ttlMs, now);
  }

  context(tenant: string): Promise<TenantGradebookContext> {
    return this.cache.get(tenant, async () => {
      const connection = await this.tenants.connection(tenant);
      const share = icConcurrencyShare(this.role, oneRosterSettingsOf(connection, this.maxConcurrentRequests).concurrency?.limit ?? this.maxConcurrentRequests);
      const key = `${tenant}|${share}`;
      let limiter = this.limiters.get(key);
      if (!limiter) this.limiters.set(key, (limiter = new TenantConcurrencyLimiter({ limit: share }, systemClock)));
      return tenantContextOf(connection, share, limiter);
    });
  }

  async activeTenants(): Promise<string[]> {
    return (await this.tenants.list()).filter((t) => t.status === 'active').map((t) => t.id);
  }
}
