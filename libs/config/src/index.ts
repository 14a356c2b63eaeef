export * from './env-field';
export * from './load-config';
export * from './service-config';
export * from './secret-cipher';
export * from './redact';
export * from './sync-schedule.settings';
export * from './kafka-security-env';
export * from './webhook-url';
