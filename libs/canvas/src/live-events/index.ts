export * from './global-id';
export * from './live-event.catalog';
export * from './live-event.types';
export * from './live-event.parser';
export * from './jwks-key.store';
export * from './live-event.verifier';
export * from './delivery-url-secret';
export * from './caliper-envelope';
