export * from './provider-settings';
export * from './tenant-oneroster-settings';
