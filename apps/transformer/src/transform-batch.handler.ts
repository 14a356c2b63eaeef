import type { CanvasEntityChange, ConsumedRecord, OneRosterEntityChange, OutgoingRecord } from '@rp/messaging';
import { canvasKey, headerText, oneRosterKey } from '@rp/messaging';
import { CanvasProjection, rowAsStrings, sourceKeys } from '@rp/mapping';
import { hashOf } from './domain/projection-hashes';
import { settleEmissions } from './domain/settle-emissions';
import type { ParkedEntity, StoredProjection, TransformerReads, TransformerTx } from '@rp/persistence';
import type { Context } from '@opentelemetry/api';
import { PhaseTimer, withBatchSpan, type BatchTrace, type Logger } from '@rp/observability';
import type { BatchPlan, Emission, SettingsOutcome } from './domain/evaluate-batch';
import { EvaluatedPlan, evaluateUntilComplete } from './domain/evaluate-until-complete';
import { Parked, TenantSnapshot } from './domain/tenant-snapshot';
import { loadLookups } from './snapshot-loader';
import { settledAll } from './settled-all';

/** Header `ops replay --force` sets: re-emit projections even when their hash is unchanged (propagated on outputs). */
export const REPLAY_FORCE_HEADER = 'replay-force';

/** What the evaluation reads of one tenant's tables (in production on the pool, in parallel). */
export type TenantReads = TransformerReads;

/** One tenant's tables inside its locked transaction (`TransformerTx` in production). */
export type TenantTables = TenantReads & Pick<TransformerTx, 'saveEntities' | 'park' | 'unpark' | 'saveProjections'>;

/** Side effects of the transformer, injected so the handler runs the same against fakes and real services. */
export interface TransformerPorts {
  /** `work` gets the locked transaction and reads of the same tables that may run in parallel before it writes. */
  repository: { withTenant<T>(tenant: string, work: (tx: TenantTables, reads: TenantReads) => Promise<T>): Promise<T> };
  /** The tenant's mapping settings, or the message telling the admin what to fix. */
  settingsOf(tenant: string): Promise<SettingsOutcome>;
  /** Publishes to a `canvas.<type>` topic (deployed name) and resolves once Kafka acknowledged every record. */
  publish(type: CanvasProjection['type'], records: OutgoingRecord<CanvasEntityChange>[]): Promise<void>;
  /** Publishes tombstones (null values) to a `oneroster.<entity>` topic (deployed name); resolves once acknowledged. */
  tombstone(type: OneRosterEntityChange['entityType'], records: OutgoingRecord<never>[]): Promise<void>;
  clock(): Date;
  logger: Logger;
}

/** Summary of one tenant's slice, for logs and tests. */
export interface TenantBatchResult {
  tenant: string;
  records: number;
  published: number;
  unchanged: number;
  /** Drops not sent because their Canvas key was never published (Canvas never had it). */
  neverPublished: number;
  parked: number;
  /** Active records under a deleted parent Canvas never had: listed as blocked, nothing sent. */
  blocked: number;
  /** Entities that were on the parked list and left it with this slice (projected at last). */
  released: number;
  /** Per sync run: `records` handled and `<canvasType>.published`. */
  runs: Record<string, Record<string, number>>;
  /** Times the slice was evaluated before every lookup was answered (prefetching keeps it at 1–2). */
  evaluations: number;
}

/**
 * Handles a slice of `oneroster.*` records: per tenant, in one transaction holding the tenant's lock, evaluates
 * the changes against the stored entities (reads in parallel), then publishes the projections whose hash changed
 * while it stores entities, parking and hashes; the commit waits for Kafka's acknowledgement, so a crash before it
 * re-publishes (idempotent downstream) rather than losing a projection. Offsets are committed by the consumer after
 * this resolves. The `transformed` log line gives each phase's milliseconds.
 */
export class TransformBatchHandler {
  constructor(private readonly ports: TransformerPorts) {}

  async handle(records: readonly ConsumedRecord<OneRosterEntityChange>[]): Promise<TenantBatchResult[]> {
    // Per tenant, consecutive records with the same `replay-force` flag form one segment (order is kept).
    const byTenant = new Map<string, { forced: boolean; changes: OneRosterEntityChange[]; traces: Map<string, Context> }[]>();
    for (const record of records) {
      if (!record.value) continue; // a tombstone after compaction: the delete before it was already applied
      const forced = headerText(record.headers, REPLAY_FORCE_HEADER) === 'true';
      const segments = byTenant.get(record.value.tenant) ?? [];
      let last = segments[segments.length - 1];
      if (!last || last.forced !== forced) segments.push((last = { forced, changes: [], traces: new Map() }));
      last.changes.push(record.value);
      if (record.traceContext) last.traces.set(sourceKeyOf(record.value), record.traceContext);
      byTenant.set(record.value.tenant, segments);
    }
    const results: TenantBatchResult[] = [];
    for (const [tenant, segments] of byTenant) {
      for (const { forced, changes, traces } of segments) {
        // One span per tenant slice (not per record): child of its first record's page, linked to the other pages;
        // each Canvas record it publishes continues its source record's trace through it.
        const attributes = { 'rp.tenant': tenant, 'rp.records': changes.length, 'rp.replay_force': forced };
        results.push(await withBatchSpan('transformer batch', [...traces.values()], attributes, (batch) => this.handleTenant(tenant, changes, forced, traces, batch)));
        await this.tombstoneDeletes(tenant, changes);
      }
    }
    return results;
  }

  private async handleTenant(tenant: string, changes: OneRosterEntityChange[], forced = false, traces = new Map<string, Context>(), batch?: BatchTrace): Promise<TenantBatchResult> {
    const settings = await this.ports.settingsOf(tenant);
    if (!settings.ok) this.ports.logger.error('mapping settings unusable; records are parked until they are fixed', { tenant, problem: settings.message });
    const phases = new PhaseTimer();
    const result = await this.ports.repository.withTenant(tenant, async (tx, reads) => {
      phases.lap('lock');
      const plan = await this.evaluate(reads, tenant, changes, settings, phases);
      phases.lap('evaluate');
      const stored = new Map((await reads.projections(keysOf(plan))).map((p) => [`${p.canvasType}|${p.sisId}`, p]));
      // `ops replay --force`: re-emit even unchanged projections (the loader re-applies them), marked as forced
      const { publish: changed, neverPublished, blocked } = settleEmissions(plan, stored, forced);
      phases.lap('hashes');
      // Kafka and PostgreSQL at once: the commit waits for both, so what is stored as published was acknowledged
      const [, released] = await settledAll([
        this.publish(tenant, changed, forced, traces, batch).finally(() => phases.mark('publish')),
        this.store(tx, plan, changed, blocked),
      ]);
      phases.lap('write');
      return {
        tenant, records: changes.length, published: changed.length, unchanged: plan.emissions.size - changed.length - neverPublished,
        neverPublished, parked: plan.parked.size, blocked: blocked.length, released,
        runs: countsPerRun(changes, changed), evaluations: plan.evaluations,
      };
    });
    phases.lap('commit');
    this.ports.logger.info('transformed', { ...result, runs: undefined, ms: phases.laps });
    return result;
  }

  /**
   * Stores the slice's outcome in the tenant's transaction: published hashes, entities, parked and released;
   * resolves with how many entities left the parked list.
   */
  private async store(tx: TenantTables, plan: EvaluatedPlan, changed: Emission[], blocked: Parked[]): Promise<number> {
    const at = this.ports.clock();
    await tx.saveProjections(changed.map(storedProjection), at);
    await tx.saveEntities([...plan.entities.values()].map((m) => ({
      type: m.entity.kind, sourcedId: m.entity.record.sourcedId, record: m.entity.record as unknown as Record<string, unknown>,
      deleted: m.deleted, projections: m.projections,
    })), at);
    const blockedKeys = new Set(blocked.map((b) => `${b.type}:${b.sourcedId}`));
    const released = await tx.unpark([...plan.released].filter((key) => !blockedKeys.has(key)).map(splitKey));
    await tx.park([...plan.parked.values(), ...blocked].map(parkedRow), at);
    return released;
  }

  /**
   * Once a delete is materialised (committed with its Canvas deletes published), its OneRoster key is tombstoned so
   * compaction forgets the person or entity (ADR 0070). A key whose last change in the slice is not a delete keeps
   * its record. The Canvas keys are the loader's to tombstone, after Canvas applied them.
   */
  private async tombstoneDeletes(tenant: string, changes: OneRosterEntityChange[]): Promise<void> {
    const last = new Map<string, OneRosterEntityChange>();
    for (const change of changes) last.set(sourceKeyOf(change), change);
    const byType = new Map<OneRosterEntityChange['entityType'], OutgoingRecord<never>[]>();
    for (const change of last.values()) {
      if (change.op !== 'delete') continue;
      const list = byType.get(change.entityType) ?? [];
      list.push({ key: oneRosterKey(tenant, change.sourcedId), value: null, tenant, syncRun: change.syncRun, op: 'tombstone' });
      byType.set(change.entityType, list);
    }
    await Promise.all([...byType].map(([type, records]) => this.ports.tombstone(type, records)));
  }

  private evaluate(reads: TenantReads, tenant: string, changes: OneRosterEntityChange[], settings: SettingsOutcome, phases: PhaseTimer): Promise<EvaluatedPlan> {
    const snapshot = new TenantSnapshot(tenant);
    return evaluateUntilComplete(changes, settings, snapshot, this.ports.clock(), async (misses) => {
      phases.lap('evaluate');
      await loadLookups(reads, snapshot, misses);
      phases.lap('read');
    });
  }

  private async publish(tenant: string, emissions: Emission[], forced: boolean, traces: Map<string, Context>, batch?: BatchTrace): Promise<void> {
    const byType = new Map<CanvasProjection['type'], OutgoingRecord<CanvasEntityChange>[]>();
    for (const { projection, syncRun } of emissions) {
      const traceContext = batch?.continuing(sourceTrace(projection, traces));
      const value: CanvasEntityChange = {
        tenant,
        canvasType: projection.type,
        sisId: projection.sisId,
        op: projection.op,
        syncRun,
        contentHash: hashOf(projection),
        school: projection.schoolSourcedId ?? null,
        row: rowAsStrings(projection),
        sources: sourceKeys(projection),
      };
      const list = byType.get(projection.type) ?? [];
      list.push({
        key: canvasKey(tenant, projection.type, projection.sisId), value, tenant, syncRun, op: projection.op, traceContext,
        ...(forced ? { headers: { [REPLAY_FORCE_HEADER]: 'true' } } : {}),
      });
      byType.set(projection.type, list);
    }
    await Promise.all([...byType].map(([type, records]) => this.ports.publish(type, records)));
  }
}

const sourceKeyOf = (change: Pick<OneRosterEntityChange, 'entityType' | 'sourcedId'>) => `${change.entityType}:${change.sourcedId}`;

/** The trace context of the first of the projection's source records consumed in this batch, if any. */
function sourceTrace(projection: CanvasProjection, traces: Map<string, Context>): Context | undefined {
  return projection.sources.map((s) => traces.get(`${s.type}:${s.sourcedId}`)).find((ctx) => ctx !== undefined);
}

function countsPerRun(changes: OneRosterEntityChange[], published: Emission[]): Record<string, Record<string, number>> {
  const runs: Record<string, Record<string, number>> = {};
  const add = (run: string, name: string) => {
    const counts = (runs[run] ??= {});
    counts[name] = (counts[name] ?? 0) + 1;
  };
  for (const c of changes) add(c.syncRun, 'records');
  for (const e of published) add(e.syncRun, `${e.projection.type}.published`);
  return runs;
}

const keysOf = (plan: BatchPlan) => [...plan.emissions.values()].map(({ projection }) => ({ canvasType: projection.type, sisId: projection.sisId }));

const storedProjection = ({ projection }: Emission): StoredProjection => ({
  canvasType: projection.type, sisId: projection.sisId, hash: hashOf(projection),
  school: projection.schoolSourcedId ?? null, op: projection.op,
});

const parkedRow = (p: Parked): ParkedEntity => ({ ...p, state: p.state ?? 'waiting' });

function splitKey(key: string): { type: string; sourcedId: string } {
  const at = key.indexOf(':');
  return { type: key.slice(0, at), sourcedId: key.slice(at + 1) };
}
