import type { DataSource } from 'typeorm';
import type { GradebookOutcomeStatus } from './gradebook-outcome.entity';
import { type EventOutcome, eventOutcome, type RecordedEventOutcome } from './event-outcome';

/** What the processor records for one consumed Live Event. */
export interface EventOutcomeRecord {
  tenant: string;
  /** The event's identity: sha256 of its `{metadata, body}` (the events-gateway's, so both logs agree). */
  eventKey: string;
  eventName: string;
  /** The name in `metadata.event_name` when the body was routed as another type. */
  labelledAs?: string | null;
  canvasEventTime?: string | null;
  canvasCourseId?: string | null;
  outcome: RecordedEventOutcome;
  reason: string | null;
  /** The grade outcome keys (lineItem/result sourcedIds) the event decided. */
  gradeKeys?: string[];
}

/** One event as listed: its single outcome now, derived from its grades when the processor decided them. */
export interface EventOutcomeView {
  eventKey: string;
  eventName: string;
  labelledAs: string | null;
  canvasEventTime: string | null;
  canvasCourseId: string | null;
  outcome: EventOutcome;
  reason: string | null;
  grades: number;
  recordedAt: string;
}

export interface EventOutcomeFilter {
  outcome?: EventOutcome;
  /** Only events recorded at or after this time. */
  since?: Date;
  limit?: number;
}

interface EventRow {
  event_key: string; event_name: string; labelled_as: string | null; canvas_event_time: Date | null; canvas_course_id: string | null;
  outcome: RecordedEventOutcome; reason: string | null; grade_keys: string[]; recorded_at: Date;
}

/** The gradebook's log of consumed Live Events, one row each (ADR 0120): written by the processor, read by ops. */
export class GradebookEventLog {
  constructor(private readonly dataSource: DataSource, private readonly clock: () => Date = () => new Date()) {}

  /** Records (or, for an event handled again, replaces) each event's outcome. */
  async record(events: readonly EventOutcomeRecord[]): Promise<void> {
    const latest = [...new Map(events.map((e) => [`${e.tenant}\u0000${e.eventKey}`, e])).values()];
    if (latest.length === 0) return;
    const col = <T>(f: (e: EventOutcomeRecord) => T) => latest.map(f);
    await this.dataSource.query(
      `INSERT INTO gradebook_event_outcomes (tenant, event_key, event_name, labelled_as, canvas_event_time, canvas_course_id, outcome, reason, grade_keys, recorded_at)
       SELECT t, k, n, l, e, c, o, r, COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text(g) AS x), '{}'), $10
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::jsonb[]) AS v(t, k, n, l, e, c, o, r, g)
       ON CONFLICT (tenant, event_key) DO UPDATE SET event_name = EXCLUDED.event_name, labelled_as = EXCLUDED.labelled_as,
         canvas_event_time = EXCLUDED.canvas_event_time, canvas_course_id = EXCLUDED.canvas_course_id, outcome = EXCLUDED.outcome,
         reason = EXCLUDED.reason, grade_keys = EXCLUDED.grade_keys, recorded_at = EXCLUDED.recorded_at`,
      [col((e) => e.tenant), col((e) => e.eventKey), col((e) => e.eventName), col((e) => e.labelledAs ?? null), col((e) => e.canvasEventTime ?? null),
        col((e) => e.canvasCourseId ?? null), col((e) => e.outcome), col((e) => e.reason), col((e) => JSON.stringify(e.gradeKeys ?? [])), this.clock()],
    );
  }

  /** A tenant's events, newest first, each with its one outcome now (derived from its grades' rows). */
  async list(tenant: string, filter: EventOutcomeFilter = {}): Promise<EventOutcomeView[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT * FROM gradebook_event_outcomes WHERE tenant = $1 AND ($2::timestamptz IS NULL OR recorded_at >= $2)
        ORDER BY recorded_at DESC, event_key LIMIT $3`,
      [tenant, filter.since ?? null, filter.limit ?? 10_000],
    );
    const keys = [...new Set(rows.flatMap((r) => r.grade_keys))];
    const grades: { outcome_key: string; status: GradebookOutcomeStatus; reason: string | null }[] = keys.length === 0 ? [] : await this.dataSource.query(
      'SELECT outcome_key, status, reason FROM gradebook_outcomes WHERE tenant = $1 AND outcome_key = ANY($2::text[])', [tenant, keys],
    );
    const byKey = new Map(grades.map((g) => [g.outcome_key, g]));
    return rows
      .map((r) => {
        const { outcome, reason } = eventOutcome({ outcome: r.outcome, reason: r.reason }, r.grade_keys.map((k) => byKey.get(k)));
        return {
          eventKey: r.event_key, eventName: r.event_name, labelledAs: r.labelled_as, canvasEventTime: r.canvas_event_time ? new Date(r.canvas_event_time).toISOString() : null,
          canvasCourseId: r.canvas_course_id, outcome, reason, grades: r.grade_keys.length, recordedAt: new Date(r.recorded_at).toISOString(),
        };
      })
      .filter((v) => !filter.outcome || v.outcome === filter.outcome);
  }
}
