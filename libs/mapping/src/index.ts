export * from './provisioning';
export * from './gradebook';
export * from './content-hash';
