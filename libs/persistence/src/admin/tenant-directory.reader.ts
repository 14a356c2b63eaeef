import type { DataSource } from 'typeorm';
import type { CanvasSettings } from './tenant.entity';
import type { ServiceStore } from '../data-source.factory';

/** A tenant as the directory view shows it: id, status and Canvas settings — no secret, not even an encrypted one. */
export interface TenantDirectoryEntry {
  id: string;
  status: string;
  canvas: Partial<CanvasSettings>;
}

/**
 * The admin schema seen through `tenant_directory` only: no entities, no migrations (the `ops` migrations create the
 * view), so a service opening it neither needs nor touches the `tenants` table and its secrets.
 */
export const tenantDirectoryStore: ServiceStore = { schema: 'admin', entities: [], migrations: [] };

/** Reads the tenant directory view (the events-gateway's only view of the admin data). */
export class TenantDirectoryReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Every tenant, ordered by id. */
  async list(): Promise<TenantDirectoryEntry[]> {
    const rows = await this.dataSource.query(`SELECT id, status, canvas_settings FROM tenant_directory ORDER BY id`) as { id: string; status: string; canvas_settings: Partial<CanvasSettings> }[];
    return rows.map((r) => ({ id: r.id, status: r.status, canvas: r.canvas_settings ?? {} }));
  }
}
