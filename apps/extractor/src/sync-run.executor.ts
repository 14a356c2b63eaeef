import {
  backoffDelay,
  isRetriable,
  failureCauseOf,
  dlqTopicName,
  KafkaPublisher,
  OneRosterEntityChange,
  oneRosterKey,
  oneRosterTopic,
  OutgoingRecord,
  SyncKind,
  SyncRunEvent,
  Topics,
} from '@rp/messaging';
import type { Context } from '@opentelemetry/api';
import { pipelineMetrics, withSpan, type Logger } from '@rp/observability';
import {
  EntityKind, PagingEnd, parseRecord, RecordProblem, resolveProviderSettings, RosteringClient, withoutPersonalFields, withoutUnusedFields,
} from '@rp/oneroster';
import type { ExtractorRepository, SnapshotWrite, TenantConnection } from '@rp/persistence';
import { contentHash } from '@rp/mapping';
import { EmptyCollectionError } from './domain/run-failure';
import { readPageAhead } from './page-read-ahead';
import { countDropHoldReason } from './domain/count-drop-hold';
import { pagingEndText, RunState } from './domain/run-state';
import { DELTA_REPROBE_MS, DeltaUnusableError } from './domain/delta-capability';
import { EXTRACTION_PLAN, ExtractionStep } from './domain/extraction-plan';
import { invalidRecordHeaders } from './domain/invalid-record-letter';
import { RepeatedRecords } from './domain/repeated-record';
import { RunCounts } from './domain/run-counts';
import { decideRecord, laterOf, modifiedAt } from './domain/snapshot-diff';
import { deltaSince, resolveSchedule } from './domain/sync-schedule';

// the run's failure classes, for the services and specs that name them
export { EmptyCollectionError } from './domain/run-failure';

export interface RunRequest {
  tenant: string;
  runId: string;
  kind: SyncKind;
}

export interface ExecutorDeps {
  repo: ExtractorRepository;
  publisher: KafkaPublisher;
  logger: Logger;
  /** Deployed topic name (TOPIC_PREFIX). */
  topic: (name: string) => string;
  client: (tenant: TenantConnection) => RosteringClient;
  clock?: () => Date;
  chunkSize?: number;
  /**
   * Attempts of a run when Kafka, the database or IC fail transiently. Default: no limit — the run waits, retrying
   * with capped exponential backoff and jitter from `retryBaseMs` (up to a minute apart), until they are back.
   */
  runAttempts?: number;
  retryBaseMs?: number;
  /** `stage` label of the run's metrics (SERVICE_NAME; default `extractor`). */
  stage?: string;
}

interface Pending {
  sourcedId: string;
  raw: Record<string, unknown>;
  /** The span of the page that fetched the record: its published change continues that trace. */
  traceContext: Context;
}

interface Invalid extends Pending {
  problems: RecordProblem[];
}

/**
 * One sync run of one tenant (DESIGN.md §4): pull each collection, normalise and validate, publish only changed
 * records (deletes for `tobedeleted` and, in full runs, for records gone from the SIS), dead-letter invalid ones,
 * and report start/finish markers with per-type counts on `sync.runs`.
 */
export class SyncRunExecutor {
  private readonly clock: () => Date;
  private readonly chunkSize: number;

  constructor(private readonly deps: ExecutorDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.chunkSize = deps.chunkSize ?? 500;
  }

  async run(request: RunRequest, tenant: TenantConnection, signal?: AbortSignal): Promise<RunCounts> {
    const attributes = { 'rp.tenant': request.tenant, 'rp.sync_run': request.runId, 'rp.sync_kind': request.kind };
    return withSpan('extractor sync-run', { attributes }, () => this.runAttempts(request, tenant, signal));
  }

  private async runAttempts(request: RunRequest, tenant: TenantConnection, signal?: AbortSignal): Promise<RunCounts> {
    const { repo, logger } = this.deps;
    const log = logger.child({ tenant: request.tenant, run: request.runId, kind: request.kind });
    const startedAt = this.clock().getTime();
    const ended = (outcome: 'finished' | 'failed') =>
      pipelineMetrics.syncRunEnded(request.tenant, request.kind, outcome, (this.clock().getTime() - startedAt) / 1000);
    await repo.startRun(request.runId);
    await this.marker(request, 'started', new RunCounts());
    const maxAttempts = this.deps.runAttempts ?? Number.POSITIVE_INFINITY;
    const backoff = { maxAttempts, initialDelayMs: this.deps.retryBaseMs ?? 2000, maxDelayMs: 60_000 };
    for (let attempt = 1; ; attempt++) {
      const counts = new RunCounts();
      let current = '(before the first endpoint)';
      try {
        const schedule = resolveSchedule(tenant.id, tenant.schedule);
        const watermark = await repo.watermark(tenant.id);
        let kind: SyncKind = request.kind === 'delta' && !watermark ? 'full' : request.kind;
        if (kind !== request.kind) log.info('no watermark yet: running a full sync instead of a delta');
        const noDeltas = kind === 'delta' ? await repo.deltasUnusable(tenant.id, new Date(this.clock().getTime() - DELTA_REPROBE_MS)) : undefined;
        if (noDeltas) {
          kind = 'full';
          log.warn(`${noDeltas.reason} (detected ${noDeltas.detectedAt.toISOString()}): running a full sync instead of a delta`);
        }
        const since = kind === 'delta' && watermark ? deltaSince(watermark, schedule) : undefined;
        const client = this.deps.client(tenant);
        const state: RunState = {
          baseline: kind === 'full' ? await repo.lastFullReads(tenant.id, request.runId) : {},
          holdPercent: resolveProviderSettings(tenant.id, tenant.ic as unknown as Record<string, unknown>).countDropHoldPercent,
          paging: [],
          holds: [],
        };
        let newest: Date | undefined = watermark;
        for (const step of EXTRACTION_PLAN) {
          if (signal?.aborted) throw new Error('stopped before the run finished; it resumes on the next start');
          current = `/${step.collection}`;
          newest = laterOf(newest, await this.extractStep(request, tenant, client, step, kind, since, counts, state, log, signal));
          log.info(`${step.collection}: ${counts.get(step.kind, 'read')} read, ${counts.get(step.kind, 'emitted')} changed, ` +
            `${counts.get(step.kind, 'deleted')} deleted, ${counts.get(step.kind, 'invalid')} invalid`);
        }
        if (newest) await repo.setWatermark(tenant.id, newest, request.runId);
        await repo.finishRun(request.runId, 'finished', counts.toJSON());
        // The marker's message is what `ops runs show` prints: held deletions first, then how each collection ended.
        await this.marker(request, 'finished', counts, [...state.holds, `paging: ${state.paging.join(', ')}`].join('; '));
        ended('finished');
        log.info('run finished', { counts: counts.toJSON(), paging: state.paging, holds: state.holds });
        return counts;
      } catch (error) {
        const message = `tenant ${request.tenant}: run ${request.runId} failed at ${current}: ${(error as Error).message}`;
        if (signal?.aborted) throw error; // left 'running': resumed after restart
        if (error instanceof DeltaUnusableError) {
          // The provider has no usable delta filter: remember it, and do this run as a full one right away.
          await repo.markDeltasUnusable(tenant.id, error.reason);
          log.warn(error.reason);
          attempt--;
          continue;
        }
        if (attempt < maxAttempts && isRetriable(error)) {
          // Kafka or PostgreSQL went away (a restart, a failover): run again from the start. What was acknowledged
          // before is in the snapshot, so it counts as unchanged and nothing is published twice.
          const delayMs = backoffDelay(backoff, attempt);
          const of = Number.isFinite(maxAttempts) ? ` of ${maxAttempts}` : '; waiting for it to come back';
          log.warn(`${message}; transient, running again in ${delayMs} ms (attempt ${attempt + 1}${of})`, { cause: failureCauseOf(error) });
          await abortableDelay(delayMs, signal);
          continue;
        }
        log.error(message, { endpoint: current, err: error });
        await repo.finishRun(request.runId, 'failed', counts.toJSON(), message);
        await this.marker(request, 'failed', counts, message);
        ended('failed');
        throw error;
      }
    }
  }

  private async extractStep(
    request: RunRequest,
    tenant: TenantConnection,
    client: RosteringClient,
    step: ExtractionStep,
    kind: SyncKind,
    since: Date | undefined,
    counts: RunCounts,
    state: RunState,
    log: Logger,
    signal?: AbortSignal,
  ): Promise<Date | undefined> {
    const pages = (since ? client.delta(step.collection, since) : client.pages(step.collection))[Symbol.asyncIterator]();
    let newest: Date | undefined;
    let buffer: Pending[] = [];
    let read = 0;
    let end: PagingEnd | undefined;
    // Read-ahead of one page: page N+1 is requested while page N is parsed, hashed, written and produced. The pager is
    // serial (page N+1's URL comes from page N), so this stays one IC request at a time — within the tenant's limit
    // even during peak hours (1). Pages are consumed in order; a page that failed fails here, in its place.
    const scope = { tenant: request.tenant, runId: request.runId, collection: step.collection };
    let ahead = readPageAhead(scope, pages, since, 1);
    for (let pageNumber = 1; ; pageNumber++) {
      const { next, pageContext } = await ahead.page;
      if (next.done) break;
      if (signal?.aborted) throw new Error('stopped before the run finished; it resumes on the next start');
      ahead = readPageAhead(scope, pages, since, pageNumber + 1);
      const page = next.value;
      end = page.end ?? end;
      for (const raw of page.records) {
        read++;
        const sourcedId = typeof raw.sourcedId === 'string' ? raw.sourcedId : '';
        newest = laterOf(newest, modifiedAt(raw));
        buffer.push({ sourcedId, raw, traceContext: pageContext });
        if (buffer.length >= this.chunkSize) {
          await this.processChunk(request, tenant, step, buffer, counts);
          buffer = [];
          log.info(`${step.collection}: ${read} read so far`, { collection: step.collection, read });
        }
      }
    }
    await this.processChunk(request, tenant, step, buffer, counts);
    state.paging.push(`${step.collection} ${read}${end ? ` (${pagingEndText[end]})` : ''}`);
    if (kind === 'full') {
      const hold = countDropHoldReason({
        tenant: tenant.id, collection: step.collection, read, previous: state.baseline[step.kind], holdPercent: state.holdPercent,
      });
      if (hold && read > 0) await this.holdAbsent(request, step, hold, counts, state, log);
      else await this.deleteAbsent(request, tenant, step, read, counts);
    }
    return newest;
  }

  private async processChunk(request: RunRequest, tenant: TenantConnection, step: ExtractionStep, chunk: Pending[], counts: RunCounts): Promise<void> {
    if (chunk.length === 0) return;
    const { repo, publisher } = this.deps;
    const type = step.kind;
    counts.add(type, 'read', chunk.length);
    const ids = chunk.map((p) => p.sourcedId).filter(Boolean);
    const [known, erased] = await Promise.all([repo.hashes(request.tenant, type, ids), repo.erasedAmong(request.tenant, ids)]);
    const out: OutgoingRecord<OneRosterEntityChange>[] = [];
    const writes: SnapshotWrite[] = [];
    const seen: string[] = [];
    const invalid: Invalid[] = [];
    const repeated = new RepeatedRecords(request.tenant, type as EntityKind);
    const { keepFields } = resolveProviderSettings(tenant.id, tenant.ic as unknown as Record<string, unknown>);
    for (const item of chunk) {
      const parsed = parseRecord(type as EntityKind, item.raw, { tenant: request.tenant, baseUrl: tenant.ic?.baseUrl });
      for (const repair of parsed.repairs) counts.addRepair(type, repair);
      if (!parsed.ok || !item.sourcedId) {
        invalid.push({ ...item, problems: parsed.ok ? [] : parsed.problems });
        if (item.sourcedId) seen.push(item.sourcedId); // present in the SIS: never deleted for being invalid
        continue;
      }
      const repeat = repeated.repeatOf(item.sourcedId);
      if (repeat) {
        invalid.push({ ...item, problems: [repeat] });
        continue;
      }
      repeated.keep(item.sourcedId);
      // Fields no mapping reads (contacts, metadata) are not published or kept unless the tenant keeps them, and a
      // change to them alone publishes nothing (the hash is of what is published).
      const record = withoutUnusedFields(parsed.record as unknown as Record<string, unknown>, keepFields);
      const hash = contentHash(record);
      const deleted = record.status === 'tobedeleted';
      if (deleted && erased.has(item.sourcedId)) { // erased (ops erase person): never brought back while IC deletes it
        counts.add(type, 'unchanged');
        continue;
      }
      const decision = decideRecord(known.get(item.sourcedId), hash, deleted);
      if (decision === 'unchanged') {
        seen.push(item.sourcedId);
        counts.add(type, 'unchanged');
        continue;
      }
      out.push(this.change(request, type, item.sourcedId, decision, hash, record, item.traceContext));
      writes.push({ sourcedId: item.sourcedId, hash, deleted });
      counts.add(type, decision === 'delete' ? 'deleted' : 'emitted');
    }
    // Published before the snapshot remembers the hashes: a crash in between re-publishes instead of losing a change.
    await publisher.publish(this.deps.topic(oneRosterTopic(type)), out);
    // Disjoint rows (changed vs unchanged records), so both writes go out at once.
    await Promise.all([repo.writeSnapshot(request.tenant, type, request.runId, writes), repo.markSeen(request.tenant, type, request.runId, seen)]);
    await this.deadLetter(request, step, invalid, counts);
  }

  /** A collection whose count fell sharply: its absent records are counted as held (`<type>.held`), not deleted. */
  private async holdAbsent(request: RunRequest, step: ExtractionStep, reason: string, counts: RunCounts, state: RunState, log: Logger): Promise<void> {
    const held = await this.deps.repo.unseenCount(request.tenant, step.kind, request.runId);
    if (held === 0) return; // the snapshot agrees with the lower count: nothing to hold
    counts.add(step.kind, 'held', held); // `<type>.held` also keeps this run from being the type's next baseline
    state.holds.push(`${reason} (${held} deletions held)`);
    log.warn(reason, { collection: step.collection, held });
  }

  /** Records a full run no longer saw: the SIS dropped them, so Canvas must too (subject to the loader's gate). */
  private async deleteAbsent(request: RunRequest, tenant: TenantConnection, step: ExtractionStep, read: number, counts: RunCounts): Promise<void> {
    const { repo, publisher } = this.deps;
    const type = step.kind;
    if (read === 0) {
      const live = await repo.liveCount(tenant.id, type);
      if (live > 0) throw new EmptyCollectionError(tenant.id, step.collection, live);
    }
    for (;;) {
      const gone = await repo.unseen(request.tenant, type, request.runId, this.chunkSize);
      if (gone.length === 0) return;
      const out = gone.map((sourcedId) => this.change(request, type, sourcedId, 'delete', 'absent', null));
      await publisher.publish(this.deps.topic(oneRosterTopic(type)), out);
      await repo.writeSnapshot(request.tenant, type, request.runId, gone.map((sourcedId) => ({ sourcedId, hash: 'absent', deleted: true })));
      counts.add(type, 'deleted', gone.length);
    }
  }

  private change(
    request: RunRequest,
    type: OneRosterEntityChange['entityType'],
    sourcedId: string,
    op: 'upsert' | 'delete',
    hash: string,
    record: Record<string, unknown> | null,
    traceContext?: Context,
  ): OutgoingRecord<OneRosterEntityChange> {
    return {
      key: oneRosterKey(request.tenant, sourcedId),
      tenant: request.tenant,
      traceContext,
      syncRun: request.runId,
      op,
      value: {
        tenant: request.tenant,
        entityType: type,
        sourcedId,
        op,
        syncRun: request.runId,
        contentHash: hash,
        dateLastModified: typeof record?.dateLastModified === 'string' ? record.dateLastModified : null,
        // a delete needs no names or contacts downstream (the content hash is still the full record's)
        record: record ? JSON.stringify(op === 'delete' ? withoutPersonalFields(type, record) : record) : null,
      },
    };
  }

  /** Invalid records go to `<topic>.dlq` as received, with every problem named; the run goes on. */
  private async deadLetter(request: RunRequest, step: ExtractionStep, invalid: Invalid[], counts: RunCounts): Promise<void> {
    if (invalid.length === 0) return;
    const topic = this.deps.topic(oneRosterTopic(step.kind));
    const failedAt = this.clock();
    const records = invalid.map((item) => {
      const headers = invalidRecordHeaders({
        tenant: request.tenant, runId: request.runId, entityType: step.kind, sourcedId: item.sourcedId, topic, problems: item.problems, failedAt,
      });
      this.deps.logger.warn(`invalid ${step.kind} dead-lettered`, { tenant: request.tenant, sourcedId: item.sourcedId, reason: headers['dlq-reason'] });
      return { key: oneRosterKey(request.tenant, item.sourcedId || '(none)'), value: Buffer.from(JSON.stringify(item.raw)), headers };
    });
    await this.deps.publisher.publishRaw(dlqTopicName(topic), records);
    pipelineMetrics.recordsDeadLettered(request.tenant, this.deps.stage ?? 'extractor', topic, 'invalid-record', invalid.length);
    counts.add(step.kind, 'invalid', invalid.length);
  }

  /** Publishes the run's extractor marker on `sync.runs`. */
  async marker(request: RunRequest, phase: SyncRunEvent['phase'], counts: RunCounts, message?: string): Promise<void> {
    const event: SyncRunEvent = {
      tenant: request.tenant,
      runId: request.runId,
      kind: request.kind,
      stage: 'extractor',
      phase,
      at: this.clock().toISOString(),
      counts: counts.toJSON(),
      message: message ?? null,
    };
    await this.deps.publisher.publish(this.deps.topic(Topics.syncRuns), [
      { key: `${request.tenant}|${request.runId}`, tenant: request.tenant, syncRun: request.runId, value: event },
    ]);
  }
}

/** Resolves after `ms`, or at once when the run is being stopped (SIGTERM must not wait out a minute of backoff). */
function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
