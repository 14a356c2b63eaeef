import { canvasTopic, CANVAS_ENTITY_TYPES, SyncRunEvent, Topics } from '@rp/messaging';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, importedRows, Pipeline, readTopic, rowKey, startCanvas, waitFor,
} from '../support';
import type { CanvasView } from '../support';
import { duplicates } from './fault-script';

type ServiceOverrides = ConstructorParameters<typeof E2eEnv>[1];

export interface ResilienceOptions {
  /** Names the file's isolated environment (topic and schema prefixes, log folder). */
  name: string;
  tenant: string;
  /** Seed of the generated district in the IC simulator. */
  seed: number;
  size?: Parameters<typeof addDistrict>[2]['size'];
  /** Small IC pages and some latency spread a run over many IC requests, so a fault hits the middle of it. */
  ic?: { pageSize: number; latencyMs: number };
  /** A private broker or database for the apps, started before the environment and stopped after it. */
  privateService?: () => Promise<{ services: ServiceOverrides; stop: () => Promise<void> }>;
  /** Runs after the district exists in IC and Canvas, before the pipeline starts (tenant settings, say). */
  prepare?: (harness: ResilienceHarness) => Promise<void>;
}

/** What a resilience spec works with once `beforeAll` has run. */
export interface ResilienceHarness {
  readonly tenant: string;
  readonly env: E2eEnv;
  readonly canvas: CanvasSimulator;
  readonly setup: DistrictSetup;
  readonly pipeline: Pipeline;
  /** Runs first at teardown, before the pipeline stops (e.g. to stop the spec's own app processes). */
  beforeTeardown(fn: () => Promise<unknown>): void;
}

/**
 * The setup every resilience spec shares, registered as the describe block's beforeAll/afterAll: an isolated
 * environment (optionally on a private broker or database), the Canvas simulator, a generated district for `tenant`
 * in IC and Canvas, and the provisioning pipeline as processes; teardown stops it all and removes what it created.
 */
export function resilienceHarness(options: ResilienceOptions): ResilienceHarness {
  const state: { env?: E2eEnv; canvas?: CanvasSimulator; setup?: DistrictSetup; pipeline?: Pipeline } = {};
  const teardown: (() => Promise<unknown>)[] = [];
  let stopPrivate: (() => Promise<void>) | undefined;
  const ready = <K extends keyof typeof state>(key: K): NonNullable<(typeof state)[K]> => {
    const value = state[key];
    if (value === undefined) throw new Error(`resilience harness: ${key} is not set up (beforeAll failed or has not run)`);
    return value as NonNullable<(typeof state)[K]>;
  };
  const harness: ResilienceHarness = {
    tenant: options.tenant,
    get env() { return ready('env'); },
    get canvas() { return ready('canvas'); },
    get setup() { return ready('setup'); },
    get pipeline() { return ready('pipeline'); },
    beforeTeardown: (fn) => void teardown.push(fn),
  };

  beforeAll(async () => {
    let services: ServiceOverrides = {};
    if (options.privateService) {
      const started = await options.privateService();
      stopPrivate = started.stop;
      services = started.services;
    }
    const env = (state.env = new E2eEnv(options.name, services));
    const canvas = (state.canvas = await startCanvas(env, [options.tenant]));
    const setup = (state.setup = await addDistrict(env, canvas, { tenant: options.tenant, seed: options.seed, size: options.size }));
    if (options.ic) {
      await (await env.tenants()).update(options.tenant, { ic: { pageSize: options.ic.pageSize } });
      setup.ic.admin.setFaults({ latencyMs: options.ic.latencyMs });
    }
    await options.prepare?.(harness);
    state.pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    for (const fn of teardown) await fn();
    await state.pipeline?.stop();
    await state.env?.cleanup();
    await stopPrivate?.();
  }, 120_000);

  return harness;
}

/** Records the transformer has projected so far (all canvas.* topics): shows that a run is under way. */
export async function canvasRecords(env: E2eEnv): Promise<number> {
  return env.withAdmin(async (admin) => {
    let n = 0;
    for (const type of CANVAS_ENTITY_TYPES) {
      for (const p of await admin.fetchTopicOffsets(env.topic(canvasTopic(type)))) n += Number(p.high) - Number(p.low);
    }
    return n;
  });
}

/** Waits until the transformer projects while the extractor still pages through IC: the moment to break something. */
export async function waitMidRun(harness: ResilienceHarness): Promise<void> {
  await waitFor('the transformer to have projected some records', async () => (await canvasRecords(harness.env)) >= 20,
    { timeoutMs: 180_000, intervalMs: 100, describe: () => harness.pipeline.tails() });
}

/** Canvas holds exactly the undisturbed outcome `expected`, no row was applied twice and no import failed. */
export function expectUndisturbedCanvas(harness: Pick<ResilienceHarness, 'canvas' | 'setup'>, expected: CanvasView): void {
  const { canvas, setup } = harness;
  expect(diffViews(canvasSnapshot(canvas, setup.accountKey), expected)).toEqual([]);
  expect(duplicates(importedRows(canvas, setup.accountKey).map(rowKey))).toEqual([]);
  expect(canvas.admin.imports(setup.accountKey).filter((i) => i.workflowState.startsWith('failed'))).toEqual([]);
}

/** How long the long-outage specs keep a dependency away: far beyond any retry budget (RP_E2E_OUTAGE_SECONDS, 60). */
export const OUTAGE_MS = Number(process.env.RP_E2E_OUTAGE_SECONDS ?? 60) * 1000;

/** Records in every dead-letter topic of the environment, per topic (only non-empty ones): {} when nothing was dead-lettered. */
export async function deadLetterCounts(env: E2eEnv): Promise<Record<string, number>> {
  return env.withAdmin(async (admin) => {
    const counts: Record<string, number> = {};
    const prefix = env.topic('');
    for (const topic of (await admin.listTopics()).filter((t) => t.startsWith(prefix) && t.endsWith('.dlq'))) {
      const n = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      if (n > 0) counts[topic.slice(prefix.length)] = n;
    }
    return counts;
  });
}

/**
 * Waits for the run's extractor outcome (finished or failed), read from `sync.runs` itself: the pipeline's watcher is a
 * plain kafkajs consumer that may not survive the broker going away, and its silence must not pass for the run hanging.
 */
export async function waitForExtractorOutcome(harness: ResilienceHarness, runId: string, timeoutMs: number): Promise<SyncRunEvent | undefined> {
  const outcomeNow = async () => {
    const records = (await readTopic(harness.env, Topics.syncRuns)).filter((r) => r.key === `${harness.tenant}|${runId}` && r.value);
    const events = await Promise.all(records.map((r) => harness.env.serde.decode<SyncRunEvent>(r.value!)));
    return events.find((e) => e.stage === 'extractor' && e.phase !== 'started');
  };
  let outcome: SyncRunEvent | undefined;
  await waitFor('the extractor to end the run', async () => {
    outcome = await outcomeNow().catch(() => undefined); // the broker may still be electing leaders
    return outcome !== undefined;
  }, { timeoutMs, intervalMs: 2000, describe: () => harness.pipeline.tails() });
  return outcome;
}
