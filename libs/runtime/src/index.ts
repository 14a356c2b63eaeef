export * from './naming';
export * from './consumer-groups';
export * from './service-runtime';
export * from './nest-service';
export * from './stage-completion.watcher';
export * from './stall-reporter';
