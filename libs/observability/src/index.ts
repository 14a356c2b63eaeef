export * from './json-logger';
export * from './nest-logger';
export * from './trace-context';
export * from './health-server';
export * from './health.module';
export * from './telemetry';
export * from './tracing';
