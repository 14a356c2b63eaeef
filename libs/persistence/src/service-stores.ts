import { adminStore } from './admin/admin.store';
import type { ServiceStore } from './data-source.factory';
import { loaderStore } from './loader/loader.store';
import { transformerStore } from './transformer/transformer.store';
import { gradebookStore } from './gradebook/gradebook.store';
import { extractorStore } from './extractor/extractor.store';
import { eventsGatewayStore } from './events-gateway/events-gateway.store';
import { notifierStore } from './notifier/notifier.store';

/** Every service's store by name, for `cli/migrate.ts --service <name>` (add yours here; see README.md). */
export const serviceStores: Record<string, ServiceStore> = {
  admin: adminStore,
  loader: loaderStore,
  transformer: transformerStore,
  gradebook: gradebookStore,
  extractor: extractorStore,
  'events-gateway': eventsGatewayStore,
  notifier: notifierStore,
};
