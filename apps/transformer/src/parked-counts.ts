import { DEFAULT_TENANT_MAPPING_SETTINGS } from '@rp/mapping';
import type { TransformerRepository } from '@rp/persistence';
import type { SettingsOutcome } from './domain/evaluate-batch';

/** The instant before which a tenant's waiting record is flagged (its `parking.flagAfterHours`, or the default). */
export function flagBefore(settings: SettingsOutcome, now: Date): Date {
  const hours = settings.ok ? settings.settings.parking.flagAfterHours : DEFAULT_TENANT_MAPPING_SETTINGS.parking.flagAfterHours;
  return new Date(now.getTime() - hours * 3_600_000);
}

/** Reads parked counts with each tenant's own flag threshold (for run markers and the stale gauge). */
export class ParkedCounts {
  constructor(
    private readonly repository: Pick<TransformerRepository, 'parkedCounts' | 'parkedCountsOf' | 'staleCounts'>,
    private readonly settingsOf: (tenant: string) => Promise<SettingsOutcome>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Counts for a run's `finished` marker: `parked` (waiting), `parked.blocked`, `parked.stale`. */
  async ofRun(tenant: string): Promise<Record<string, number>> {
    const counts = await this.repository.parkedCountsOf(tenant, flagBefore(await this.settingsOf(tenant), this.clock()));
    return { parked: counts.waiting, 'parked.blocked': counts.blocked, 'parked.stale': counts.stale };
  }

  /** Waiting records past their tenant's threshold, per tenant that has any waiting. */
  async stale(): Promise<Record<string, number>> {
    const now = this.clock();
    const tenants = Object.keys(await this.repository.parkedCounts());
    const before = new Map<string, Date>();
    for (const tenant of tenants) before.set(tenant, flagBefore(await this.settingsOf(tenant), now));
    return this.repository.staleCounts(before);
  }
}
