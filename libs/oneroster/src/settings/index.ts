export * from './provider-settings';
