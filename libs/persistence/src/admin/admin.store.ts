import type { ServiceStore } from '../data-source.factory';
import { CreateTenants1735689600000 } from './migrations/1735689600000-create-tenants';
import { TenantPassbackAndSchedule1764300000000 } from './migrations/1764300000000-tenant-passback-and-schedule';
import { SecretsWithKeyIds1765000000000 } from './migrations/1765000000000-secrets-with-key-ids';
import { TenantDirectoryView1765100000000 } from './migrations/1765100000000-tenant-directory-view';
import { CanvasAccountIdentity1765100000010 } from './migrations/1765100000010-canvas-account-identity';
import { NotificationWebhooks1765150000150 } from './migrations/1765150000150-notification-webhooks';
import { TenantNotificationSettings1765150000155 } from './migrations/1765150000155-tenant-notification-settings';
import { TenantEntity } from './tenant.entity';

/** The platform's admin data (tenants and their settings), managed by the `ops` app. */
export const adminStore: ServiceStore = {
  schema: 'admin',
  entities: [TenantEntity],
  migrations: [CreateTenants1735689600000, TenantPassbackAndSchedule1764300000000, SecretsWithKeyIds1765000000000, TenantDirectoryView1765100000000, CanvasAccountIdentity1765100000010, NotificationWebhooks1765150000150, TenantNotificationSettings1765150000155],
};
