export * from './provisioning';
export * from './gradebook';
