export * from './data-source.factory';
export * from './service-stores';
export * from './admin/admin.store';
export * from './admin/tenant.entity';
export * from './admin/migrations/1735689600000-create-tenants';
export * from './admin/tenant.repository';
export * from './admin/migrations/1764300000000-tenant-passback-and-schedule';
