import type { Clock } from '../clock';
import type { FaultSwitches } from '../faults';
import type { DropRule, LiveEventEmitter, LiveEventRecord } from '../live-events/emit';
import type { LiveEventPayload } from '../live-events/payloads';
import type { SignOptions, SigningKeys } from '../live-events/sign';
import type { SisImportRecord } from '../sis-import/import-record';
import type { ImportQueue } from '../sis-import/queue';
import type { RootAccountState } from '../state/root-account-state';
import type { RequestCounters, RequestCounts } from '../request-counters';
import type { LeakyBucketThrottle } from '../throttle';
import { AccountAdmin } from './account-admin';

/** Test-side control of the simulator (also exposed over HTTP under /__admin). */
export class SimulatorAdmin {
  constructor(
    private readonly accounts: Map<string, RootAccountState>,
    private readonly queues: Map<string, ImportQueue>,
    private readonly events: LiveEventEmitter,
    private readonly keys: SigningKeys,
    private readonly throttle: LeakyBucketThrottle | null,
    private readonly clock: Clock,
    private readonly counters: RequestCounters,
    private readonly applyLatency: (ms: number) => void,
  ) {}

  private get(key: string): RootAccountState {
    const s = this.accounts.get(key);
    if (!s) throw new Error(`canvas-sim: unknown root account "${key}" (known: ${[...this.accounts.keys()].join(', ')})`);
    return s;
  }

  accountKeys(): string[] {
    return [...this.accounts.keys()];
  }

  /** Teacher/gradebook actions for one root account. */
  account(key: string): AccountAdmin {
    return new AccountAdmin(this.get(key), this.events, this.clock);
  }

  state(key: string): RootAccountState {
    return this.get(key);
  }

  /** Every import this root account received, with its files and parsed rows. */
  imports(key: string): SisImportRecord[] {
    return [...this.get(key).imports.values()];
  }

  /** Resolves once the account's import queue is drained (held imports stay queued). */
  async waitForImports(key: string): Promise<void> {
    await this.queues.get(key)!.idle();
  }

  setFaults(key: string, faults: Partial<FaultSwitches>): void {
    Object.assign(this.get(key).faults, faults);
    if (faults.holdImports === false) this.queues.get(key)!.kick();
  }

  clearFaults(key: string): void {
    this.get(key).faults = {};
    this.queues.get(key)!.kick();
  }

  /** Forgets everything the account holds (imports, roster, gradebook), keeping its tokens. */
  wipe(key: string): void {
    this.get(key).wipe();
  }

  setWebhook(key: string, url: string | undefined): void {
    this.get(key).webhookUrl = url;
  }

  /** The subscription's "Sign Payload" for one root account (off: deliveries are the plain event JSON). */
  setSignPayload(key: string, on: boolean): void {
    this.get(key).signPayload = on;
  }

  liveEvents(filter: { accountKey?: string; eventName?: string } = {}): LiveEventRecord[] {
    return this.events.records.filter((r) => (!filter.accountKey || r.accountKey === filter.accountKey) &&
      (!filter.eventName || r.eventName === filter.eventName));
  }

  /**
   * Delivers a payload exactly as given (one written from Canvas's documentation, a dropped event replayed, one
   * mislabelled as Canvas's own published examples are), signed or not per the account's subscription like any other.
   */
  emitLiveEvent(key: string, payload: LiveEventPayload): LiveEventRecord {
    return this.events.emit(this.get(key), payload);
  }

  dropLiveEvents(rule: DropRule): void {
    this.events.dropEvents(rule);
  }

  clearDropRules(): void {
    this.events.clearDropRules();
  }

  flushLiveEvents(): Promise<void> {
    return this.events.flush();
  }

  /**
   * Signs a payload with the key Canvas signs every instance's events with (attack tests: a genuine signature on an
   * event of another instance, a stale `iat`, no `iat`…). `issuedAt` defaults to now.
   */
  signLiveEvent(payload: Record<string, unknown>, options: Partial<SignOptions> = {}): Promise<string> {
    return this.keys.sign(payload, { ...options, issuedAt: options.issuedAt === undefined ? this.clock.now() : options.issuedAt });
  }

  rotateSigningKey(options: { dropPrevious?: boolean } = {}): Promise<string> {
    return this.keys.rotate(options);
  }

  resetThrottle(): void {
    this.throttle?.reset();
  }

  /** REST calls this root account answered, by endpoint, and the requests it refused as throttled. */
  requestCounts(key: string): RequestCounts {
    this.get(key);
    return this.counters.counts(key);
  }

  /** Starts the counts again from zero (one account, or all). */
  resetRequestCounts(key?: string): void {
    this.counters.reset(key);
  }

  /** Changes how long every API request takes (ms). */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`canvas-sim: latency must be a number of ms ≥ 0, got ${ms}`);
    this.applyLatency(ms);
  }
}
