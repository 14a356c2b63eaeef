import type { Clock } from '../clock';
import type { RootAccountState } from '../state/root-account-state';
import type { LiveEventPayload } from './payloads';
import type { LiveEventClaims, SigningKeys } from './sign';

export type DeliveryOutcome = 'pending' | 'delivered' | 'failed' | 'dropped' | 'no-webhook';

/** One emitted event and what happened to its delivery. */
export interface LiveEventRecord {
  seq: number;
  accountKey: string;
  eventName: string;
  payload: LiveEventPayload;
  jwt: string | null;
  kid: string | null;
  url: string | null;
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
  /** Clock time (ms) the webhook answered with a 2xx: when the receiver accepted the event (benchmarks time from it). */
  deliveredAt: number | null;
  /** Sent as a signed JWT (`jwt`), or as the plain event JSON ("Sign Payload" off). */
  signed: boolean;
}

/** Drops matching events on purpose, to test reconciliation of lost Live Events. */
export interface DropRule {
  accountKey?: string;
  eventNames?: string[];
  /** How many more matching events to drop; omitted = all. */
  remaining?: number;
}

/**
 * Best-effort HTTPS delivery like Canvas's hosted Live Events: the body is a JWT (RS256) whose payload is
 * `{metadata, body}`; failures are recorded, never retried.
 */
export class LiveEventEmitter {
  readonly records: LiveEventRecord[] = [];
  private dropRules: DropRule[] = [];
  private pending = new Set<Promise<void>>();
  private seq = 0;
  /**
   * Deliveries start in emission order, at most `concurrency` in flight (default 1: one after another, which keeps
   * tests readable; Canvas documents no ordering and its hosted service delivers from many workers).
   */
  private readonly queue: { record: LiveEventRecord; done: () => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly defaultWebhook?: string,
    private readonly concurrency = 1,
    private readonly claims: LiveEventClaims = {},
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`canvas-sim: Live Events concurrency must be a positive integer, got ${concurrency}`);
  }

  dropEvents(rule: DropRule): void {
    this.dropRules.push({ ...rule });
  }

  clearDropRules(): void {
    this.dropRules = [];
  }

  emit(account: RootAccountState, payload: LiveEventPayload): LiveEventRecord {
    const eventName = String(payload.metadata.event_name);
    const record: LiveEventRecord = {
      seq: ++this.seq, accountKey: account.key, eventName, payload, jwt: null, kid: null,
      url: account.webhookUrl ?? this.defaultWebhook ?? null, outcome: 'pending', status: null, error: null, deliveredAt: null,
      signed: account.signPayload,
    };
    this.records.push(record);
    if (this.shouldDrop(account.key, eventName)) record.outcome = 'dropped';
    else if (!record.url) record.outcome = 'no-webhook';
    else {
      const job: Promise<void> = new Promise<void>((done) => {
        this.queue.push({ record, done });
        this.startDeliveries();
      }).finally(() => this.pending.delete(job));
      this.pending.add(job);
    }
    return record;
  }

  private startDeliveries(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const { record, done } = this.queue.shift()!;
      this.inFlight++;
      void this.deliver(record).finally(() => {
        this.inFlight--;
        done();
        this.startDeliveries();
      });
    }
  }

  /** Waits until every delivery in flight has finished (tests call this instead of sleeping). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private shouldDrop(accountKey: string, eventName: string): boolean {
    const rule = this.dropRules.find((r) => (!r.accountKey || r.accountKey === accountKey) &&
      (!r.eventNames || r.eventNames.includes(eventName)) && (r.remaining === undefined || r.remaining > 0));
    if (!rule) return false;
    if (rule.remaining !== undefined) rule.remaining--;
    return true;
  }

  private async deliver(record: LiveEventRecord): Promise<void> {
    try {
      let res: Response;
      if (record.signed) {
        record.kid = this.keys.kid;
        record.jwt = await this.keys.sign({ ...record.payload }, { ...this.claims, issuedAt: this.clock.now() });
        res = await fetch(record.url!, { method: 'POST', headers: { 'content-type': 'application/jwt' }, body: record.jwt });
      } else {
        res = await fetch(record.url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record.payload) });
      }
      await res.arrayBuffer();
      record.status = res.status;
      record.outcome = res.ok ? 'delivered' : 'failed';
      if (res.ok) record.deliveredAt = this.clock.now();
    } catch (err) {
      record.outcome = 'failed';
      record.error = err instanceof Error ? err.message : String(err);
    }
  }
}
