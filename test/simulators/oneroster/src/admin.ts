import { generateDistrict, type District, type GenerateDistrictOptions } from '@rp/fixtures';
import { TokenService } from './auth';
import type { ClientConcurrency, ConcurrencyLimitOptions } from './client-concurrency';
import { Faults } from './faults';
import { GradebookStore, GradebookWrite } from './gradebook-store';
import { FaultSwitches, QuirkSwitches } from './options';
import { RosterKind, RosterStore, RosterTables } from './roster-store';
import { seedRawWire } from './raw-wire';
import type { Wire } from './serialize';
import { SisMutations } from './sis-mutations';

/** A clock that starts at the injected `now` and can be set or moved forward by tests. */
export class SimClock {
  private offsetMs = 0;
  constructor(private readonly base: () => Date) {}
  now = (): Date => new Date(this.base().getTime() + this.offsetMs);
  set(at: Date | string): void {
    this.offsetMs = new Date(at).getTime() - this.base().getTime();
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
}

/** The test-facing control surface (also exposed over HTTP under /__admin). */
export class SimulatorAdmin {
  readonly sis: SisMutations;
  readonly requests: RequestLogEntry[] = [];

  constructor(
    readonly store: RosterStore,
    readonly gradebook: GradebookStore,
    readonly tokens: TokenService,
    readonly faults: Faults,
    readonly quirks: QuirkSwitches,
    readonly clock: SimClock,
    readonly concurrency: ClientConcurrency,
  ) {
    this.sis = new SisMutations(store, clock.now);
  }

  /** Replaces all roster data (and resets the gradebook to the district's categories). */
  loadDistrict(district: District): void {
    this.store.load(district);
    this.gradebook.reset(district.categories);
  }

  /** Adds provider records served verbatim, valid or not (see `seedRawWire`). */
  seedRawWire<K extends RosterKind>(kind: K, records: readonly Wire[], shell?: (wire: Wire) => Partial<RosterTables[K]> | undefined): void {
    seedRawWire(this.store, kind, records, shell);
  }

  generateDistrict(options: GenerateDistrictOptions): District {
    const district = generateDistrict(options);
    this.loadDistrict(district);
    return district;
  }

  setQuirks(patch: QuirkSwitches): QuirkSwitches {
    Object.assign(this.quirks, patch);
    this.store.touch();
    return { ...this.quirks };
  }

  setFaults(patch: FaultSwitches): FaultSwitches {
    return { ...this.faults.set(patch) };
  }

  resetFaults(): void {
    this.faults.reset();
  }

  /** Sets (or, with undefined, lifts) the limit on a client's requests in flight. */
  setConcurrencyLimit(limit: ConcurrencyLimitOptions | undefined): void {
    this.concurrency.configure(limit);
  }

  /** Requests refused with 429 for too many in flight, and the most one client had in flight at once. */
  concurrencyCounts(): { refused: number; peak: number } {
    return { refused: this.concurrency.refused, peak: this.concurrency.peak };
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** Every gradebook write received, in order. */
  gradebookWrites(): GradebookWrite[] {
    return [...this.gradebook.writes];
  }

  clearLogs(): void {
    this.gradebook.writes.length = 0;
    this.requests.length = 0;
    this.concurrency.resetCounters();
  }

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 20_000) this.requests.splice(0, 10_000);
  }

  state() {
    return {
      counts: this.store.counts(),
      gradebook: { categories: this.gradebook.tables.categories.size, lineItems: this.gradebook.tables.lineItems.size, results: this.gradebook.tables.results.size },
      quirks: { ...this.quirks },
      faults: { ...this.faults.state },
      concurrency: this.concurrencyCounts(),
      now: this.clock.now().toISOString(),
      version: this.store.version,
    };
  }
}
