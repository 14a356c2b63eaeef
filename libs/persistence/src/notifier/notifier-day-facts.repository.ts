import type { DataSource } from 'typeorm';

/** One countable fact of a tenant's day (see apps/notifier domain/daily-summary.ts). */
export interface StoredDayFact {
  key: string;
  tenant: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** When it happened (ISO 8601). */
  at: string;
  kind: string;
  ref: string;
}

/** The facts the daily summary counts; recording one twice (a replay) is a no-op. */
export class NotifierDayFactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(facts: StoredDayFact[]): Promise<void> {
    if (facts.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO notifier_day_facts (fact_key, tenant, day, at, kind, ref)
       SELECT f.key, f.tenant, f.day::date, f.at::timestamptz, f.kind, f.ref
       FROM jsonb_to_recordset($1::jsonb) AS f(key text, tenant text, day text, at text, kind text, ref text)
       ON CONFLICT (fact_key) DO NOTHING`,
      [JSON.stringify(facts)],
    );
  }

  /** The facts of one tenant that happened in [from, to) (a local day of the tenant). */
  async between(tenant: string, from: Date, to: Date): Promise<{ kind: string; ref: string }[]> {
    return this.dataSource.query(
      `SELECT kind, ref FROM notifier_day_facts WHERE tenant = $1 AND at >= $2 AND at < $3 ORDER BY kind, ref`,
      [tenant, from.toISOString(), to.toISOString()],
    );
  }

  /** Deletes the facts of days before `day`; returns how many. */
  async purgeBefore(day: string): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM notifier_day_facts WHERE day < $1::date`, [day]) as [unknown, number];
    return result[1] ?? 0;
  }
}
