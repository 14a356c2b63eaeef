import { adminStore } from './admin/admin.store';
import type { ServiceStore } from './data-source.factory';

/** Every service's store by name, for `cli/migrate.ts --service <name>` (add yours here; see README.md). */
export const serviceStores: Record<string, ServiceStore> = {
  admin: adminStore,
};
