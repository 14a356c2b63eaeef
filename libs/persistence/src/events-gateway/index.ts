export * from './events-gateway.store';
export * from './delivery-log.repository';
export * from './migrations/1765100000001-create-gateway-deliveries';
