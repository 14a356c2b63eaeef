import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { canvasTopic, CANVAS_ENTITY_TYPES, ONEROSTER_ENTITY_TYPES, oneRosterTopic, SyncKind, SyncRequest, SyncRunEvent } from '@rp/messaging';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { AppName, AppProcess, freePort, REPO_ROOT } from './app-process';
import { importsPending } from './canvas-snapshot';
import type { E2eEnv } from './e2e-env';
import { waitFor } from './wait';

/** Fast ticks so a tiny district syncs in seconds; runs are driven by SyncRequests, not the schedule. */
export const FAST_APP_ENV: Record<string, string> = {
  EXTRACTOR_SCHEDULE: 'off',
  EXTRACTOR_TICK_MS: '500',
  LOADER_TICK_MS: '300',
  LOADER_BATCH_MAX_WAIT_MS: '1000',
  LOADER_POLL_INITIAL_MS: '200',
  LOADER_POLL_MAX_MS: '1000',
};

export const PIPELINE_APPS: AppName[] = ['extractor', 'transformer', 'loader'];

export interface OpsResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The provisioning apps as real processes on one isolated environment, a watcher of `sync.runs`, and the
 * waits the tests need: a run finished, and "quiet" (nothing left in flight between IC and Canvas).
 */
export class Pipeline {
  readonly runEvents: SyncRunEvent[] = [];
  private watcher?: Consumer;

  private constructor(readonly env: E2eEnv, readonly apps: Record<AppName, AppProcess>) {}

  static async start(env: E2eEnv, extraEnv: Record<string, string> = {}): Promise<Pipeline> {
    const apps = {} as Record<AppName, AppProcess>;
    for (const app of PIPELINE_APPS) {
      apps[app] = new AppProcess(app, await freePort(), env.appEnv({ ...FAST_APP_ENV, ...extraEnv }), env.logDir);
    }
    const pipeline = new Pipeline(env, apps);
    try {
      // The first app creates the topics and registers the schemas; starting them one by one avoids races there.
      for (const app of PIPELINE_APPS) await apps[app].start();
      await pipeline.watchRuns();
    } catch (error) {
      await pipeline.stop();
      throw error;
    }
    return pipeline;
  }

  /** Last log lines of every app (for failure messages). */
  tails(lines = 25): string {
    return PIPELINE_APPS.map((a) => this.apps[a].tail(lines)).join('\n');
  }

  private async watchRuns(): Promise<void> {
    const consumer = this.env.kafka.consumer({ groupId: this.env.group(`e2e-watch-${randomUUID().slice(0, 8)}`) });
    await consumer.connect();
    await consumer.subscribe({ topic: this.env.topic('sync.runs'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) this.runEvents.push(await this.env.serde.decode<SyncRunEvent>(message.value));
      },
    });
    this.watcher = consumer;
  }

  /** Publishes a SyncRequest (as `ops sync` does) and returns its run id. */
  async requestSync(tenant: string, kind: SyncKind = 'full'): Promise<string> {
    const runId = randomUUID();
    const request: SyncRequest = { tenant, runId, kind, requestedBy: 'e2e', requestedAt: new Date().toISOString() };
    const publisher = await this.env.publisher();
    await publisher.publish(this.env.topic('sync.requests'), [{ key: `${tenant}|${runId}`, value: request, tenant, syncRun: runId }]);
    return runId;
  }

  /** Waits for the extractor's `finished` (or `failed`) marker of a run; returns it. */
  async waitForRun(tenant: string, runId: string, timeoutMs = 180_000): Promise<SyncRunEvent> {
    return waitFor(`extractor run ${runId} of tenant ${tenant} to finish`, () =>
      this.runEvents.find((e) => e.tenant === tenant && e.runId === runId && e.stage === 'extractor' && e.phase !== 'started') ?? false,
    { timeoutMs, describe: () => `${this.describeRuns(tenant)}\n${this.tails()}` });
  }

  /** Full run requested and finished in one call. */
  async sync(tenant: string, kind: SyncKind = 'full'): Promise<SyncRunEvent> {
    return this.waitForRun(tenant, await this.requestSync(tenant, kind));
  }

  describeRuns(tenant: string): string {
    return `sync.runs of ${tenant}: ${JSON.stringify(this.runEvents.filter((e) => e.tenant === tenant).map((e) => `${e.stage}:${e.phase}:${e.runId.slice(0, 8)}`))}`;
  }

  /** Committed-offset lag of a consumer group over its topics (0 when it has read everything). */
  async lag(group: string, topics: string[]): Promise<number> {
    return this.env.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const deployed = topics.map((t) => this.env.topic(t)).filter((t) => existing.has(t));
      const committed = await admin.fetchOffsets({ groupId: this.env.group(group), topics: deployed });
      let lag = 0;
      for (const topic of deployed) {
        const ends = await admin.fetchTopicOffsets(topic);
        const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const p of ends) {
          const at = Number(mine.find((m) => m.partition === p.partition)?.offset ?? -1);
          lag += Number(p.high) - Math.max(at, Number(p.low));
        }
      }
      return lag;
    });
  }

  /** Loader rows still to send for a tenant (not held in a plan, not waiting for a reference). */
  async pendingRows(tenant: string): Promise<number> {
    const rows = await this.env.query<{ n: number }>('loader',
      `SELECT count(*)::int AS n FROM loader_pending WHERE tenant = $1 AND plan_id IS NULL AND waiting_for IS NULL AND status = 'pending'`, [tenant]);
    return rows?.[0]?.n ?? 0;
  }

  /**
   * Waits until nothing is in flight for the tenant: transformer and loader have read all their input, the
   * loader has no sendable pending rows, no Canvas import is running, and that holds over consecutive checks.
   */
  async waitQuiet(tenant: string, canvas: CanvasSimulator, accountKey: string, timeoutMs = 180_000): Promise<void> {
    let last = '';
    let stable = 0;
    let state = '';
    await waitFor(`the pipeline to be quiet for tenant ${tenant}`, async () => {
      for (const app of PIPELINE_APPS) {
        if (!this.apps[app].running) throw new Error(`${app} is not running\n${this.apps[app].tail()}`);
      }
      const transformerLag = await this.lag('rp.transformer', ONEROSTER_ENTITY_TYPES.map(oneRosterTopic));
      const loaderLag = await this.lag('rp.loader', CANVAS_ENTITY_TYPES.map(canvasTopic));
      const pending = await this.pendingRows(tenant);
      const busy = importsPending(canvas, accountKey);
      const imports = canvas.admin.imports(accountKey).length;
      state = JSON.stringify({ transformerLag, loaderLag, pending, busy, imports });
      const idle = transformerLag === 0 && loaderLag === 0 && pending === 0 && !busy;
      stable = idle && state === last ? stable + 1 : 0;
      last = state;
      return stable >= 3;
    }, { timeoutMs, intervalMs: 700, describe: () => `last state ${state}\n${this.tails()}` });
  }

  /** Runs the ops CLI (`node -r @swc-node/register apps/ops/src/main.ts …`) on this environment. */
  async ops(args: string[]): Promise<OpsResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ops/src/main.ts', ...args], {
        cwd: REPO_ROOT, env: this.env.appEnv({ LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  async stop(): Promise<void> {
    await this.watcher?.disconnect().catch(() => undefined);
    await Promise.all(PIPELINE_APPS.map((a) => this.apps[a]?.kill('SIGTERM')));
  }
}
