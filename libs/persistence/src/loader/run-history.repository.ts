import type { DataSource } from 'typeorm';
import { rowsOf } from './loader-sql';

/** One sync.runs marker as kept in the history (the fields of a `SyncRunEvent`). */
export interface RunHistoryEvent {
  tenant: string;
  runId: string;
  kind: 'full' | 'delta';
  stage: 'extractor' | 'transformer' | 'loader';
  phase: 'started' | 'finished' | 'failed';
  at: string;
  counts: Record<string, number>;
  message: string | null;
}

/** A load result of a run's object (the fields of a `LoadResult` the history keeps). */
export interface RunObjectResult {
  tenant: string;
  syncRun: string | null;
  canvasType: string;
  sisId: string;
  outcome: string;
  message: string | null;
  importId: number | null;
  at: string;
}

/** An object of a run that did not reach Canvas, with its latest outcome. */
export interface RunHistoryObject {
  tenant: string;
  runId: string;
  canvasType: string;
  sisId: string;
  outcome: string;
  message: string | null;
  importId: number | null;
  at: Date;
}

/** Outcomes after which the object is in Canvas: its entry leaves the run's report. */
const REACHED_CANVAS = new Set(['applied', 'warning']);

/**
 * Run history in PostgreSQL (ADR 0130): the sync.runs markers and, per run, the objects that did not reach Canvas
 * (latest outcome wins), kept until the retention period after the run's last activity. The topic stays the live
 * source; this is what `ops runs --history` and `ops runs report` read.
 */
export class RunHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps markers (a re-delivered marker is stored once). */
  async recordEvents(events: readonly RunHistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO run_history_events (tenant, run_id, kind, stage, phase, at, counts, message)
       SELECT x.tenant, x.run_id, x.kind, x.stage, x.phase, x.at, coalesce(x.counts, '{}'::jsonb), x.message
       FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, run_id text, kind text, stage text, phase text, at timestamptz, counts jsonb, message text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(events.map((e) => ({ tenant: e.tenant, run_id: e.runId, kind: e.kind, stage: e.stage, phase: e.phase, at: e.at, counts: e.counts, message: e.message })))],
    );
  }

  /**
   * Keeps the latest outcome of each object of a run: applied (or applied with a warning) removes the object from
   * the run's report, any other outcome replaces the one recorded unless that one is newer. Results outside a run are
   * not kept.
   */
  async recordResults(results: readonly RunObjectResult[]): Promise<void> {
    const latest = new Map<string, RunObjectResult>();
    for (const r of results) {
      if (!r.syncRun) continue;
      const key = `${r.tenant}|${r.syncRun}|${r.canvasType}|${r.sisId}`;
      const seen = latest.get(key);
      if (!seen || seen.at <= r.at) latest.set(key, r);
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()].map((r) => ({
      tenant: r.tenant, run_id: r.syncRun, canvas_type: r.canvasType, sis_id: r.sisId, outcome: r.outcome, message: r.message, import_id: r.importId, at: r.at,
    }));
    const recordset = `jsonb_to_recordset($1::jsonb) AS x(tenant text, run_id text, canvas_type text, sis_id text, outcome text, message text, import_id bigint, at timestamptz)`;
    await this.dataSource.transaction(async (q) => {
      await q.query(
        `DELETE FROM run_history_objects o USING ${recordset}
         WHERE x.outcome = ANY($2) AND o.tenant = x.tenant AND o.run_id = x.run_id AND o.canvas_type = x.canvas_type AND o.sis_id = x.sis_id AND o.at <= x.at`,
        [JSON.stringify(rows), [...REACHED_CANVAS]],
      );
      await q.query(
        `INSERT INTO run_history_objects AS o (tenant, run_id, canvas_type, sis_id, outcome, message, import_id, at)
         SELECT x.tenant, x.run_id, x.canvas_type, x.sis_id, x.outcome, x.message, x.import_id, x.at FROM ${recordset}
         WHERE NOT x.outcome = ANY($2)
         ON CONFLICT (tenant, run_id, canvas_type, sis_id) DO UPDATE SET outcome = EXCLUDED.outcome, message = EXCLUDED.message,
           import_id = EXCLUDED.import_id, at = EXCLUDED.at WHERE o.at <= EXCLUDED.at`,
        [JSON.stringify(rows), [...REACHED_CANVAS]],
      );
    });
  }

  /** The kept markers, optionally of one tenant or one run, oldest first. */
  async events(filter: { tenant?: string; runId?: string } = {}): Promise<RunHistoryEvent[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT tenant, run_id, kind, stage, phase, at, counts, message FROM run_history_events
       WHERE ($1::text IS NULL OR tenant = $1) AND ($2::text IS NULL OR run_id = $2) ORDER BY at, stage, phase`,
      [filter.tenant ?? null, filter.runId ?? null],
    );
    return rows.map((r) => ({
      tenant: r.tenant as string, runId: r.run_id as string, kind: r.kind as RunHistoryEvent['kind'], stage: r.stage as RunHistoryEvent['stage'],
      phase: r.phase as RunHistoryEvent['phase'], at: (r.at as Date).toISOString(), counts: r.counts as Record<string, number>, message: (r.message as string | null) ?? null,
    }));
  }

  /** The run's objects that did not reach Canvas, by type and SIS id. */
  async objects(runId: string, tenant?: string): Promise<RunHistoryObject[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT tenant, run_id, canvas_type, sis_id, outcome, message, import_id, at FROM run_history_objects
       WHERE run_id = $1 AND ($2::text IS NULL OR tenant = $2) ORDER BY tenant, canvas_type, sis_id`,
      [runId, tenant ?? null],
    );
    return rows.map((r) => ({
      tenant: r.tenant as string, runId: r.run_id as string, canvasType: r.canvas_type as string, sisId: r.sis_id as string,
      outcome: r.outcome as string, message: (r.message as string | null) ?? null,
      importId: r.import_id === null || r.import_id === undefined ? null : Number(r.import_id), at: r.at as Date,
    }));
  }

  /** Deletes the runs whose last activity (a marker or an object's outcome) is older than `retentionDays`; returns how many went. */
  async prune(now: Date, retentionDays: number): Promise<number> {
    return this.dataSource.transaction(async (q) => {
      const stale = rowsOf<{ tenant: string; run_id: string }>(await q.query(
        `SELECT tenant, run_id FROM (
           SELECT tenant, run_id, at FROM run_history_events UNION ALL SELECT tenant, run_id, at FROM run_history_objects) a
         GROUP BY tenant, run_id HAVING max(at) < $1::timestamptz - make_interval(days => $2)`,
        [now.toISOString(), retentionDays],
      ));
      if (stale.length === 0) return 0;
      const keys = JSON.stringify(stale);
      for (const table of ['run_history_events', 'run_history_objects']) {
        await q.query(
          `DELETE FROM ${table} h USING jsonb_to_recordset($1::jsonb) AS s(tenant text, run_id text) WHERE h.tenant = s.tenant AND h.run_id = s.run_id`,
          [keys],
        );
      }
      return stale.length;
    });
  }
}
