import type { ServiceStore } from '../data-source.factory';
import { CreateGatewayDeliveries1765100000001 } from './migrations/1765100000001-create-gateway-deliveries';

/** The events-gateway's own state: the deliveries it published, to acknowledge a replay without publishing it again. */
export const eventsGatewayStore: ServiceStore = {
  schema: 'events_gateway',
  entities: [],
  migrations: [CreateGatewayDeliveries1765100000001],
};
