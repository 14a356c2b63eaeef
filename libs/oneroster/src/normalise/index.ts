export * from './record.normaliser';
export * from './wire-format';
export * from './status-info';
export * from './deleted-record';
export * from './unused-fields';
