import type { ParkedEntity, StoredEntity, StoredProjection } from '@rp/persistence';
import type { TenantTables, TransformerPorts } from '../transform-batch.handler';

const ref = (record: Record<string, unknown>, field: string) => (record[field] as { sourcedId?: string } | undefined)?.sourcedId;

/** The transformer's tables in memory, per tenant, with all-or-nothing transactions like `withTenant`. */
export class FakeTables {
  entities = new Map<string, StoredEntity & { tenant: string }>();
  parked = new Map<string, ParkedEntity & { tenant: string }>();
  projections = new Map<string, StoredProjection & { tenant: string }>();
  /** Set to make the next write of projections fail (a crash after publishing, before the commit). */
  failNextProjectionWrite = false;

  readonly repository: TransformerPorts['repository'] = {
    withTenant: async (tenant, work) => {
      const saved = [new Map(this.entities), new Map(this.parked), new Map(this.projections)] as const;
      try {
        const tables = this.tables(tenant);
        return await work(tables, tables);
      } catch (error) {
        [this.entities, this.parked, this.projections] = [saved[0], saved[1], saved[2]]; // rollback
        throw error;
      }
    },
  };

  private tables(tenant: string): TenantTables {
    const entities = () => [...this.entities.values()].filter((e) => e.tenant === tenant);
    return {
      entitiesById: async (type, ids) => entities().filter((e) => e.type === type && ids.includes(e.sourcedId)),
      entitiesByRef: async (type, path, ids) => entities().filter((e) => e.type === type && ids.includes(ref(e.record, path) ?? '')),
      classesWithTerms: async (ids) =>
        entities().filter((e) => e.type === 'class' && ((e.record.terms ?? []) as { sourcedId: string }[]).some((t) => ids.includes(t.sourcedId))),
      sessionsInSchoolYears: async (years) => entities().filter((e) => e.type === 'academicSession' && years.includes(String(e.record.schoolYear))),
      parkedWaitingFor: async (refs) => [...this.parked.values()].filter((p) => p.tenant === tenant && p.waitingFor.some((w) => refs.includes(w))),
      projections: async (keys) =>
        keys.flatMap((k) => this.projections.get(`${tenant}|${k.canvasType}|${k.sisId}`) ?? []),
      saveEntities: async (rows) => {
        for (const row of rows) this.entities.set(`${tenant}|${row.type}|${row.sourcedId}`, { ...row, tenant });
      },
      park: async (rows) => {
        for (const row of rows) this.parked.set(`${tenant}|${row.type}|${row.sourcedId}`, { ...row, tenant });
      },
      unpark: async (refs) => refs.filter((r) => this.parked.delete(`${tenant}|${r.type}|${r.sourcedId}`)).length,
      saveProjections: async (rows) => {
        if (this.failNextProjectionWrite) {
          this.failNextProjectionWrite = false;
          throw new Error('connection lost');
        }
        for (const row of rows) this.projections.set(`${tenant}|${row.canvasType}|${row.sisId}`, { ...row, tenant });
      },
    };
  }
}
