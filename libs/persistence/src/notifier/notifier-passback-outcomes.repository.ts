import type { DataSource } from 'typeorm';

/** One counted outcome row: a record's accepted writes, or one refusal (writes 1, refused 1). */
export interface PassbackOutcomeRow {
  tenant: string;
  /** `written|<batchId>` or `refused|<sourcedId>|<contentHash>`: what makes a repeat count once. */
  outcomeKey: string;
  windowStart: string;
  writes: number;
  refused: number;
}

/** A tenant's window with its totals. */
export interface PassbackWindowCounts {
  tenant: string;
  windowStart: string;
  writes: number;
  refused: number;
}

/** Grade-write outcomes per tenant and window for the refusal rate; recording a key twice is a no-op. */
export class NotifierPassbackOutcomesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the rows (those seen before are ignored) and returns the totals of every window they touch. */
  async record(rows: PassbackOutcomeRow[]): Promise<PassbackWindowCounts[]> {
    if (rows.length === 0) return [];
    const json = JSON.stringify(rows);
    await this.dataSource.query(
      `INSERT INTO notifier_passback_outcomes (tenant, outcome_key, window_start, writes, refused)
       SELECT r."tenant", r."outcomeKey", r."windowStart"::timestamptz, r."writes", r."refused"
       FROM jsonb_to_recordset($1::jsonb) AS r("tenant" text, "outcomeKey" text, "windowStart" text, "writes" int, "refused" int)
       ON CONFLICT (tenant, outcome_key) DO NOTHING`,
      [json],
    );
    const totals = await this.dataSource.query(
      `SELECT o.tenant, o.window_start, sum(o.writes)::int AS writes, sum(o.refused)::int AS refused
       FROM notifier_passback_outcomes o
       JOIN (SELECT DISTINCT r."tenant", r."windowStart"::timestamptz AS window_start
             FROM jsonb_to_recordset($1::jsonb) AS r("tenant" text, "windowStart" text)) w
         ON w.tenant = o.tenant AND w.window_start = o.window_start
       GROUP BY o.tenant, o.window_start ORDER BY o.tenant, o.window_start`,
      [json],
    ) as { tenant: string; window_start: Date; writes: number; refused: number }[];
    return totals.map((t) => ({ tenant: t.tenant, windowStart: new Date(t.window_start).toISOString(), writes: t.writes, refused: t.refused }));
  }

  /** Deletes windows that started before `before`; returns how many rows. */
  async purgeBefore(before: Date): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM notifier_passback_outcomes WHERE window_start < $1`, [before.toISOString()]) as [unknown, number];
    return result[1] ?? 0;
  }
}
