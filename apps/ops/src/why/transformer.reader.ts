import type { DataSource } from 'typeorm';
import type { EntityFact, ParkedFact, ProjectionFact, TransformerReader } from './why.ports';

/** How many entities one Canvas SIS id can lead to (a course id shared by many classes stops here). */
const MAX_ENTITIES = 20;

/** The transformer's entities (record and projections) and parked rows (transformer schema, read-only). */
export class PgTransformerReader implements TransformerReader {
  constructor(private readonly ds: DataSource) {}

  async entities(tenant: string, id: string): Promise<EntityFact[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT type, sourced_id, record, deleted, projections, updated FROM transformer_entities
        WHERE tenant = $1 AND (sourced_id = $2 OR projections @> $3::jsonb)
        ORDER BY (sourced_id = $2) DESC, type, sourced_id LIMIT ${MAX_ENTITIES}`,
      [tenant, id, JSON.stringify([{ sisId: id }])],
    );
    return rows.map((r) => ({
      type: r.type as string, sourcedId: r.sourced_id as string, record: r.record as Record<string, unknown>, deleted: r.deleted as boolean,
      projections: (r.projections as ProjectionFact[]).map((p) => ({ type: p.type, sisId: p.sisId, op: p.op, row: p.row ?? {} })),
      updated: r.updated as Date,
    }));
  }

  async parked(tenant: string, sourcedIds: readonly string[]): Promise<ParkedFact[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT type, sourced_id, state, waiting_for, message, since FROM transformer_parked WHERE tenant = $1 AND sourced_id = ANY($2) ORDER BY since`,
      [tenant, [...sourcedIds]],
    );
    return rows.map((r) => ({
      type: r.type as string, sourcedId: r.sourced_id as string, state: r.state as ParkedFact['state'], waitingFor: r.waiting_for as string[],
      message: r.message as string, since: r.since as Date,
    }));
  }
}
