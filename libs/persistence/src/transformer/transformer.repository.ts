import type { DataSource, EntityManager } from 'typeorm';

/** A materialised OneRoster entity as the transformer reads it back. */
export interface StoredEntity {
  type: string;
  sourcedId: string;
  record: Record<string, unknown>;
  deleted: boolean;
  /** Projections this entity produced itself last time (`CanvasProjection` JSON). */
  projections: unknown[];
}

export interface ParkedEntity {
  type: string;
  sourcedId: string;
  waitingFor: string[];
  message: string;
  /** `waiting` for parents/settings/a fix, or `blocked` by a deleted parent Canvas never had (default `waiting`). */
  state?: ParkedState;
}

/** Why a record is on the parked list. */
export type ParkedState = 'waiting' | 'blocked';

/** A parked row as `ops parked` shows it. */
export interface ParkedListing extends ParkedEntity {
  state: ParkedState;
  since: Date;
}

/** Parked rows of one tenant by state; `stale` = waiting since before the tenant's flag threshold. */
export interface ParkedCounts {
  waiting: number;
  blocked: number;
  stale: number;
}

export interface StoredProjection {
  canvasType: string;
  sisId: string;
  hash: string;
  school: string | null;
  op: 'upsert' | 'delete';
}

/** References by which the projection context finds related records (`record-><ref>->>'sourcedId'`). */
export type EntityRefPath = 'course' | 'class' | 'user';

/** A column of a batched upsert: its name, its PostgreSQL type and how a row gives its value. */
type UpsertColumn<T> = readonly [name: string, type: 'text' | 'jsonb' | 'boolean', value: (row: T) => unknown];

const ENTITY_COLUMNS = `type, sourced_id AS "sourcedId", record, deleted, projections`;

/** The reads of `TransformerTx`: what the evaluation looks up before anything is written. */
export type TransformerReads = Pick<
  TransformerTx,
  'entitiesById' | 'entitiesByRef' | 'classesWithTerms' | 'sessionsInSchoolYears' | 'parkedWaitingFor' | 'projections'
>;

/** Reads and writes of one tenant inside the transaction that holds the tenant's lock. */
export class TransformerTx {
  constructor(
    private readonly manager: EntityManager,
    readonly tenant: string,
  ) {}

  /** Entities of one type by sourcedId. */
  async entitiesById(type: string, sourcedIds: readonly string[]): Promise<StoredEntity[]> {
    if (sourcedIds.length === 0) return [];
    return this.manager.query(
      `SELECT ${ENTITY_COLUMNS} FROM transformer_entities WHERE tenant = $1 AND type = $2 AND sourced_id = ANY($3)`,
      [this.tenant, type, [...sourcedIds]],
    );
  }

  /** Entities of one type whose `<ref>.sourcedId` is one of `ids` (classes of courses, enrollments of classes/users). */
  async entitiesByRef(type: 'class' | 'enrollment', ref: EntityRefPath, ids: readonly string[]): Promise<StoredEntity[]> {
    if (ids.length === 0) return [];
    return this.manager.query(
      `SELECT ${ENTITY_COLUMNS} FROM transformer_entities
        WHERE tenant = $1 AND type = $2 AND (record->'${ref}'->>'sourcedId') = ANY($3)`,
      [this.tenant, type, [...ids]],
    );
  }

  /** Classes whose `terms` include one of the sessions (rare: a session's dates or type changed). */
  async classesWithTerms(sessionIds: readonly string[]): Promise<StoredEntity[]> {
    if (sessionIds.length === 0) return [];
    return this.manager.query(
      `SELECT ${ENTITY_COLUMNS} FROM transformer_entities
        WHERE tenant = $1 AND type = 'class'
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(record->'terms') AS t WHERE t->>'sourcedId' = ANY($2))`,
      [this.tenant, [...sessionIds]],
    );
  }

  /** Academic sessions of the given school years (ending years). */
  async sessionsInSchoolYears(years: readonly string[]): Promise<StoredEntity[]> {
    if (years.length === 0) return [];
    return this.manager.query(
      `SELECT ${ENTITY_COLUMNS} FROM transformer_entities
        WHERE tenant = $1 AND type = 'academicSession' AND (record->>'schoolYear') = ANY($2)`,
      [this.tenant, [...years]],
    );
  }

  /** Parked entities waiting for any of `refs`; `limit` bounds a release (e.g. after settings were fixed). */
  async parkedWaitingFor(refs: readonly string[], limit?: number): Promise<ParkedEntity[]> {
    if (refs.length === 0) return [];
    return this.manager.query(
      `SELECT type, sourced_id AS "sourcedId", waiting_for AS "waitingFor", message, state FROM transformer_parked
        WHERE tenant = $1 AND waiting_for && $2::text[] ORDER BY since, type, sourced_id ${limit ? `LIMIT ${Math.floor(limit)}` : ''}`,
      [this.tenant, [...refs]],
    );
  }

  /** Last published projections for `keys` (`<canvasType>|<sisId>`). */
  async projections(keys: readonly { canvasType: string; sisId: string }[]): Promise<StoredProjection[]> {
    if (keys.length === 0) return [];
    return this.manager.query(
      `SELECT p.canvas_type AS "canvasType", p.sis_id AS "sisId", p.hash, p.school, p.op
         FROM transformer_projections p
         JOIN unnest($2::text[], $3::text[]) AS k(canvas_type, sis_id) USING (canvas_type, sis_id)
        WHERE p.tenant = $1`,
      [this.tenant, keys.map((k) => k.canvasType), keys.map((k) => k.sisId)],
    );
  }

  /** Inserts or replaces entities (record, deleted flag, own projections). */
  async saveEntities(entities: readonly StoredEntity[], at: Date): Promise<void> {
    if (entities.length === 0) return;
    // One JSON document for the whole slice: a text[] of records made pg escape every character of every record.
    const rows = entities.map((e) => ({ type: e.type, sourced_id: e.sourcedId, record: e.record, deleted: e.deleted, projections: e.projections }));
    await this.manager.query(
      `INSERT INTO transformer_entities (tenant, type, sourced_id, record, deleted, projections, updated)
       SELECT $1, x.type, x.sourced_id, x.record, x.deleted, x.projections, $3
         FROM jsonb_to_recordset($2::jsonb) AS x(type text, sourced_id text, record jsonb, deleted boolean, projections jsonb)
       ON CONFLICT (tenant, type, sourced_id) DO UPDATE
         SET record = EXCLUDED.record, deleted = EXCLUDED.deleted, projections = EXCLUDED.projections, updated = EXCLUDED.updated`,
      [this.tenant, JSON.stringify(rows), at],
    );
  }

  /** Parks entities (or updates what they wait for); `since` is kept from the first time while the state stays. */
  async park(parked: readonly ParkedEntity[], at: Date): Promise<void> {
    if (parked.length === 0) return;
    await this.manager.query(
      `INSERT INTO transformer_parked AS p (tenant, type, sourced_id, waiting_for, message, since, state)
       SELECT $1, t, s, string_to_array(w, chr(31)), m, $6, st
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $7::text[]) AS x(t, s, w, m, st)
       ON CONFLICT (tenant, type, sourced_id) DO UPDATE SET waiting_for = EXCLUDED.waiting_for, message = EXCLUDED.message,
         state = EXCLUDED.state, since = CASE WHEN p.state = EXCLUDED.state THEN p.since ELSE EXCLUDED.since END`,
      [
        this.tenant,
        parked.map((p) => p.type),
        parked.map((p) => p.sourcedId),
        parked.map((p) => p.waitingFor.join('\u001f')),
        parked.map((p) => p.message),
        at,
        parked.map((p) => p.state ?? 'waiting'),
      ],
    );
  }

  /** Removes entities from the parked list (they were projected); resolves with how many were on it. */
  async unpark(refs: readonly { type: string; sourcedId: string }[]): Promise<number> {
    if (refs.length === 0) return 0;
    const [row]: { removed: number }[] = await this.manager.query(
      `WITH gone AS (
         DELETE FROM transformer_parked p USING unnest($2::text[], $3::text[]) AS x(t, s)
          WHERE p.tenant = $1 AND p.type = x.t AND p.sourced_id = x.s RETURNING 1)
       SELECT count(*)::int AS removed FROM gone`,
      [this.tenant, refs.map((r) => r.type), refs.map((r) => r.sourcedId)],
    );
    return row?.removed ?? 0;
  }

  /** Records projections as published (call only after Kafka acknowledged them). */
  async saveProjections(projections: readonly StoredProjection[], at: Date): Promise<void> {
    await this.upsert('transformer_projections', ['canvas_type', 'sis_id'], [
      ['canvas_type', 'text', (p) => p.canvasType],
      ['sis_id', 'text', (p) => p.sisId],
      ['hash', 'text', (p) => p.hash],
      ['school', 'text', (p) => p.school],
      ['op', 'text', (p) => p.op],
    ], projections, at);
  }

  /**
   * One statement for all `rows` of the tenant: each column travels as one array through unnest; a row whose `key`
   * exists already gets the other columns and `updated` replaced.
   */
  private async upsert<T>(table: string, key: readonly string[], columns: readonly UpsertColumn<T>[], rows: readonly T[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const names = columns.map(([name]) => name);
    const arrays = columns.map(([, type], i) => `$${i + 2}::${type}[]`);
    const replaced = [...names.filter((name) => !key.includes(name)), 'updated'].map((name) => `${name} = EXCLUDED.${name}`);
    await this.manager.query(
      `INSERT INTO ${table} (tenant, ${names.join(', ')}, updated)
       SELECT $1, ${names.map((name) => `x.${name}`).join(', ')}, $${columns.length + 2} FROM unnest(${arrays.join(', ')}) AS x(${names.join(', ')})
       ON CONFLICT (tenant, ${key.join(', ')}) DO UPDATE SET ${replaced.join(', ')}`,
      [this.tenant, ...columns.map(([, , value]) => rows.map(value)), at],
    );
  }
}

/** The transformer's tables (transformer store). */
export class TransformerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction holding the tenant's advisory lock, so two replicas consuming different
   * topics of the same tenant never interleave their read-project-write cycles. `reads` answers the same queries
   * on the pool's other connections, so several can run at once: while the lock is held nothing else writes the
   * tenant's rows, so before `work` writes anything they see what the transaction sees (ADR 0175).
   */
  async withTenant<T>(tenant: string, work: (tx: TransformerTx, reads: TransformerReads) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('transformer:' || $1))`, [tenant]);
      return work(new TransformerTx(manager, tenant), new TransformerTx(this.dataSource.manager, tenant));
    });
  }

  /** Entities waiting (parked, not blocked) per tenant (for status and the `rp_transformer_parked` gauge). */
  async parkedCounts(): Promise<Record<string, number>> {
    const rows: { tenant: string; count: string }[] = await this.dataSource.query(
      `SELECT tenant, count(*) AS count FROM transformer_parked WHERE state = 'waiting' GROUP BY tenant`,
    );
    return Object.fromEntries(rows.map((r) => [r.tenant, Number(r.count)]));
  }

  /** One tenant's parked rows by state; waiting since before `staleBefore` counts as stale. */
  async parkedCountsOf(tenant: string, staleBefore: Date): Promise<ParkedCounts> {
    const [row]: { waiting: string; blocked: string; stale: string }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'waiting') AS waiting, count(*) FILTER (WHERE state = 'blocked') AS blocked,
              count(*) FILTER (WHERE state = 'waiting' AND since < $2) AS stale
         FROM transformer_parked WHERE tenant = $1`,
      [tenant, staleBefore],
    );
    return { waiting: Number(row?.waiting ?? 0), blocked: Number(row?.blocked ?? 0), stale: Number(row?.stale ?? 0) };
  }

  /** Per tenant, entities waiting since before that tenant's threshold (the `rp_transformer_parked_stale` gauge). */
  async staleCounts(staleBefore: ReadonlyMap<string, Date>): Promise<Record<string, number>> {
    if (staleBefore.size === 0) return {};
    const rows: { tenant: string; count: string }[] = await this.dataSource.query(
      `SELECT p.tenant, count(*) AS count FROM transformer_parked p
         JOIN unnest($1::text[], $2::timestamptz[]) AS t(tenant, before) ON t.tenant = p.tenant
        WHERE p.state = 'waiting' AND p.since < t.before GROUP BY p.tenant`,
      [[...staleBefore.keys()], [...staleBefore.values()]],
    );
    return Object.fromEntries([...staleBefore.keys()].map((t) => [t, Number(rows.find((r) => r.tenant === t)?.count ?? 0)]));
  }

  /** Parked entities of one tenant with their reasons, oldest first (optionally one state, one entity, parked before `since`). */
  async parked(
    tenant: string,
    options: { limit?: number; offset?: number; state?: ParkedState; type?: string; sourcedId?: string; since?: Date } = {},
  ): Promise<ParkedListing[]> {
    return this.dataSource.query(
      `SELECT type, sourced_id AS "sourcedId", waiting_for AS "waitingFor", message, state, since FROM transformer_parked
        WHERE tenant = $1 AND ($4::text IS NULL OR state = $4) AND ($5::text IS NULL OR type = $5) AND ($6::text IS NULL OR sourced_id = $6)
          AND ($7::timestamptz IS NULL OR since < $7)
        ORDER BY since, type, sourced_id LIMIT $2 OFFSET $3`,
      [tenant, options.limit ?? 100, options.offset ?? 0, options.state ?? null, options.type ?? null, options.sourcedId ?? null, options.since ?? null],
    );
  }
}
