import type { OutgoingRecord, Stall, StallReport } from '@rp/messaging';
import { stallReportKey } from '@rp/messaging';

export interface StallReporterPorts {
  /** The service's current stalls (every consumer's). */
  stalls(): Stall[];
  publish(records: OutgoingRecord<StallReport>[]): Promise<unknown>;
  clock(): Date;
}

/** A new report of an ongoing stall at least this often, so `ops` can tell a live stall from an instance gone away. */
export const STALL_REFRESH_MS = 30_000;

/**
 * Publishes a service instance's stalls per tenant on `pipeline.stalls` for `ops runs` and `ops passback status`
 * (ADR 0102): a report when a tenant starts waiting or waits for something else, a refresh every STALL_REFRESH_MS
 * while it lasts, and one with `resumedAt` when it flows again — or when the instance stops, since a stall belongs
 * to the process that saw it (another replica reports its own). A publish that fails is tried again next tick.
 */
export class StallReporter {
  private readonly reported = new Map<string, StallReport>();

  constructor(private readonly stage: string, private readonly instance: string, private readonly ports: StallReporterPorts) {}

  /** One pass: report what started, changed or is due for a refresh, and what ended. */
  async tick(): Promise<void> {
    const now = this.ports.clock();
    const current = this.summarise(now);
    const out: StallReport[] = [];
    for (const [tenant, report] of current) {
      const last = this.reported.get(tenant);
      if (!last || last.cause !== report.cause || last.since !== report.since || now.getTime() - Date.parse(last.at) >= STALL_REFRESH_MS) out.push(report);
    }
    for (const [tenant, last] of this.reported) if (!current.has(tenant)) out.push({ ...last, at: now.toISOString(), resumedAt: now.toISOString() });
    await this.send(out);
  }

  /** The instance stops: every stall it reported ends with it (a restarted or other replica reports its own). */
  async stop(): Promise<void> {
    const now = this.ports.clock().toISOString();
    await this.send([...this.reported.values()].map((r) => ({ ...r, at: now, resumedAt: now })));
  }

  private async send(reports: StallReport[]): Promise<void> {
    if (reports.length === 0) return;
    await this.ports.publish(reports.map((r) => ({ key: stallReportKey(r), value: r, tenant: r.tenant })));
    for (const r of reports) {
      if (r.resumedAt) this.reported.delete(r.tenant);
      else this.reported.set(r.tenant, r);
    }
  }

  /** Per tenant: waiting since its oldest stall, for that stall's cause, with every key's retries. */
  private summarise(now: Date): Map<string, StallReport> {
    const byTenant = new Map<string, Stall[]>();
    for (const s of this.ports.stalls()) if (s.tenant) byTenant.set(s.tenant, [...(byTenant.get(s.tenant) ?? []), s]);
    const reports = new Map<string, StallReport>();
    for (const [tenant, stalls] of byTenant) {
      const oldest = stalls.reduce((a, b) => (b.since < a.since ? b : a));
      reports.set(tenant, {
        tenant, stage: this.stage, instance: this.instance, cause: oldest.cause, since: oldest.since.toISOString(), at: now.toISOString(),
        attempts: stalls.reduce((n, s) => n + s.attempts, 0), keys: stalls.length, lastError: oldest.lastError, resumedAt: null,
      });
    }
    return reports;
  }
}
