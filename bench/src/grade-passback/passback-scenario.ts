import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { freePort } from '@rp/testing';
import { round } from '../common/measure';
import { benchKafka, uniqueBenchName, type BenchServices } from '../common/services';
import { type AppProcess, spawnApp, waitReady } from '../full-sync/app-process';
import { cleanUp } from '../full-sync/full-sync.bench';
import { assignmentsNeeded, planGrades, type PlannedGrade } from './grading-plan';
import { createAssignments, districtWithClasses, pickClasses, POINTS_POSSIBLE, provisionInCanvas, type BenchAssignment } from './passback-classes';
import { aggregateByTenant, gradingScheduleMs, judgeCells, latencyTimeline, type GradedCell, type ScopeStats, type StoredResult, type TimelineBucket } from './passback-latency';
import { createPassbackEnvironment, type PassbackEnvironment } from './passback.environment';
import { untilInterrupted } from '../common/interrupt';
import { canvasCallsByKind, type CanvasCallsByKind, type RosterMode } from './kept-roster';
import { publishKeptRoster, type PublishedRoster } from './roster-publisher';

export interface ScenarioOptions {
  tenants: number;
  /** Distinct cells graded in the scenario, spread over its tenants. */
  grades: number;
  /** Offered grades per second; undefined = as fast as the driver can enter them. */
  rate?: number;
  classesPerTenant: number;
  /** Live Event deliveries the Canvas simulator keeps in flight (Canvas's hosted service delivers from many workers). */
  deliveryConcurrency: number;
  timeoutMs: number;
  quietMs: number;
  /** Time every Canvas REST call takes while grades flow (a hosted Canvas: ~150–250 ms); setup runs at 0. */
  canvasLatencyMs: number;
  /** Time every IC request takes while grades flow (IC: ~50 ms); IC refuses more than `icConcurrency` in flight. */
  icLatencyMs: number;
  icConcurrency: number;
  /** Gradebook processor replicas in one consumer group (default 1; the scale-out benchmark runs 1, 2, 3). */
  processors?: number;
  /** `warm` (default): the classes' roster is on the `canvas.*` topics before the gradebook starts, as in production. */
  roster?: RosterMode;
}

/** Everything one scenario measured (JSON-friendly). */
export interface ScenarioResult {
  tenants: number;
  grades: number;
  classes: number;
  assignments: number;
  offeredRate: number | 'max';
  /** Whether the processor started with the SIS roster on `canvas.*` (warm) or without it (cold). */
  roster: RosterMode;
  /** Roster records published before the gradebook started, per tenant and topic (empty when cold). */
  rosterRecords: PublishedRoster;
  gradingSeconds: number;
  liveEvents: { emitted: number; delivered: number; failed: number; acceptedPerSecond: number };
  completion: 'all-stored' | 'quiet' | 'timeout';
  perTenant: ScopeStats[];
  all: ScopeStats;
  /** Latency by acceptance time, 10 s windows (where in the run the slow results were). */
  timeline: TimelineBucket[];
  /** Result PUTs other than the graded cells (the Canvas course grades Canvas recomputes after each grade). */
  courseGradeWrites: number;
  /** Canvas REST calls while grades flowed (the processor's), and the throttled refusals among them. */
  canvas: { calls: number; callsPerGrade: number; throttled: number; byEndpoint: Record<string, number>; byKind: CanvasCallsByKind };
  /** IC API requests while grades flowed (both roles), per result stored; refusals for too many in flight. */
  ic: { requests: number; requestsPerResult: number; refusedForConcurrency: number; peakInFlight: number };
  peakRssMiB: Record<string, number>;
  /** CPU seconds each app used from the first grade entered to the last result stored. */
  cpuSeconds: Record<string, number>;
  loadAverage: { before: string; after: string };
  logDir: string;
}

const GRADE_EVENTS = new Set(['grade_change', 'submission_created', 'submission_updated']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuOf = (apps: Record<string, AppProcess>) => Object.fromEntries(Object.entries(apps).map(([role, a]) => [role, a.cpuSeconds() ?? 0]));
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * One scenario: fresh tenants, Canvas and ICs; events-gateway, gradebook processor and writer as processes; the
 * assignments' lineItems land first (untimed), then the grades are entered at the offered rate and timed from the
 * gateway's 2xx for each grade's first Live Event to the IC simulator storing the right score.
 */
export async function runScenario(services: BenchServices, o: ScenarioOptions): Promise<ScenarioResult> {
  const before = loadAverage();
  const env = await createPassbackEnvironment(services, o.tenants, uniqueBenchName('gp').replace(/^gp-/, ''), o.deliveryConcurrency, (seed) => districtWithClasses(seed, o.classesPerTenant));
  const logDir = mkdtempSync(join(tmpdir(), 'rp-bench-grade-passback-'));
  const apps: Record<string, AppProcess> = {};
  const rss: Record<string, number> = {};
  const sampleRss = () => Object.entries(apps).forEach(([role, a]) => (rss[role] = Math.max(rss[role] ?? 0, a.peakRssMiB() ?? 0)));
  const sampler = setInterval(sampleRss, 1_000);
  const admin = benchKafka(services.kafkaBrokers, 'bench-grade-passback').admin();
  try {
    return await untilInterrupted(async () => {
      const classes = env.tenants.flatMap((t) => pickClasses(t.id, t.district, o.classesPerTenant));
      for (const t of env.tenants) await provisionInCanvas(env.canvas, t, classes.filter((c) => c.tenant === t.id));
      const roster = o.roster ?? 'warm';
      let rosterRecords: PublishedRoster = {};
      if (roster === 'warm') {
        await admin.connect();
        rosterRecords = await publishKeptRoster(services, env, classes, admin);
      }
      const gatewayPort = await startApps(env, logDir, apps, o.processors ?? 1);
      for (const t of env.tenants) env.canvas.admin.setWebhook(t.id, `http://127.0.0.1:${gatewayPort}/live-events`);

      const perClass = assignmentsNeeded(o.grades, classes);
      const assignments = createAssignments(env.canvas, classes, perClass);
      await waitForLineItems(env, assignments, Date.now() + 240_000, apps);
      await env.canvas.admin.flushLiveEvents();
      const firstSeq = env.canvas.admin.liveEvents().length;
      underLoad(env, o);

      const plan = planGrades(o.grades, classes, perClass, POINTS_POSSIBLE);
      const cpuBefore = cpuOf(apps);
      const graded = await gradeAtRate(env.canvas, plan, assignments, o.rate);
      const gradingSeconds = graded.seconds;
      await env.canvas.admin.flushLiveEvents();
      const completion = await waitForResults(env, graded.cells, Date.now() + o.timeoutMs, o.quietMs);
      const cpuAfter = cpuOf(apps);
      sampleRss();

      const events = env.canvas.admin.liveEvents().slice(firstSeq);
      const cells = withAcceptedTimes(graded.cells, events);
      const writes = storedResults(env);
      const cellIds = new Set(cells.map((c) => c.resultSourcedId));
      const outcomes = judgeCells(cells, writes);
      const { perTenant, all } = aggregateByTenant(outcomes);
      const deliveredAt = events.map((e) => e.deliveredAt).filter((t): t is number => t !== null);
      const span = deliveredAt.length > 1 ? Math.max(...deliveredAt) - Math.min(...deliveredAt) : 0;
      return {
        tenants: o.tenants, grades: plan.length, classes: classes.length, assignments: assignments.length, offeredRate: o.rate ?? 'max', roster, rosterRecords, gradingSeconds,
        liveEvents: {
          emitted: events.length, delivered: deliveredAt.length, failed: events.filter((e) => e.outcome === 'failed').length,
          acceptedPerSecond: span > 0 ? round((deliveredAt.length - 1) / (span / 1000)) : 0,
        },
        completion, perTenant, all, timeline: latencyTimeline(outcomes, 10_000),
        courseGradeWrites: writes.filter((w) => !cellIds.has(w.sourcedId)).length,
        canvas: canvasCalls(env, plan.length),
        ic: icRequests(env, writes.length),
        peakRssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, round(v)])),
        cpuSeconds: Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, round(cpuAfter[k] - (cpuBefore[k] ?? 0))])),
        loadAverage: { before, after: loadAverage() },
        logDir,
      };
    });
  } finally {
    clearInterval(sampler);
    for (const app of Object.values(apps).reverse()) await app.stop();
    await admin.connect().then(() => cleanUp(admin, services, env.topicPrefix, env.schemaPrefix)).catch((e: Error) => process.stderr.write(`[bench] cleanup: ${e.message}\n`));
    await admin.disconnect().catch(() => undefined);
    await env.close();
  }
}

/** From here on Canvas and IC answer like hosted services (latency, IC's limit in flight); counters start at zero. */
function underLoad(env: PassbackEnvironment, o: ScenarioOptions): void {
  env.canvas.admin.setLatency(o.canvasLatencyMs);
  env.canvas.admin.resetRequestCounts();
  for (const t of env.tenants) {
    t.ic.admin.setFaults({ latencyMs: o.icLatencyMs });
    t.ic.admin.setConcurrencyLimit({ perClient: o.icConcurrency, retryAfterSeconds: 1 });
    t.ic.admin.clearLogs();
  }
}

function canvasCalls(env: PassbackEnvironment, grades: number): ScenarioResult['canvas'] {
  const counts = env.tenants.map((t) => env.canvas.admin.requestCounts(t.id));
  const byEndpoint: Record<string, number> = {};
  for (const c of counts) for (const [k, n] of Object.entries(c.calls)) byEndpoint[k] = (byEndpoint[k] ?? 0) + n;
  const calls = counts.reduce((n, c) => n + c.total, 0);
  return { calls, callsPerGrade: round(calls / Math.max(1, grades)), throttled: counts.reduce((n, c) => n + c.throttled, 0), byEndpoint, byKind: canvasCallsByKind(byEndpoint) };
}

function icRequests(env: PassbackEnvironment, results: number): ScenarioResult['ic'] {
  const requests = env.tenants.reduce((n, t) => n + t.ic.admin.requests.filter((r) => r.path.includes('/ims/oneroster/')).length, 0);
  const limits = env.tenants.map((t) => t.ic.admin.concurrencyCounts());
  return {
    requests, requestsPerResult: round(requests / Math.max(1, results)),
    refusedForConcurrency: limits.reduce((n, l) => n + l.refused, 0), peakInFlight: Math.max(0, ...limits.map((l) => l.peak)),
  };
}

/** Gateway, processor(s), writer — one after the other (fresh prefixed topics: concurrent schema registration races). */
async function startApps(env: PassbackEnvironment, logDir: string, apps: Record<string, AppProcess>, processors: number): Promise<number> {
  const roles: [string, string, NodeJS.ProcessEnv][] = [
    ['events-gateway', 'events-gateway', {}],
    ...Array.from({ length: processors }, (_, i): [string, string, NodeJS.ProcessEnv] =>
      [i === 0 ? 'gradebook processor' : `gradebook processor ${i + 1}`, 'gradebook', { GRADEBOOK_ROLE: 'processor' }]),
    ['gradebook writer', 'gradebook', { GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }],
  ];
  let gatewayPort = 0;
  for (const [role, app, extra] of roles) {
    const dir = join(logDir, role.replace(/ /g, '-'));
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    if (app === 'events-gateway') gatewayPort = port;
    apps[role] = spawnApp(app, { ...env.appEnv, ...extra }, port, dir);
    await waitReady(apps[role]);
  }
  return gatewayPort;
}

async function waitForLineItems(env: PassbackEnvironment, assignments: BenchAssignment[], deadline: number, apps: Record<string, AppProcess>): Promise<void> {
  const missing = () => {
    const put = new Set(env.tenants.flatMap((t) => t.ic.admin.gradebookWrites().filter((w) => w.kind === 'lineItems' && w.method === 'PUT' && w.status < 300).map((w) => w.sourcedId)));
    return assignments.filter((a) => !put.has(a.lineItemSourcedId));
  };
  while (missing().length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`${missing().length} of ${assignments.length} lineItems never reached IC; logs: ${Object.values(apps).map((a) => a.logFile).join(', ')}`);
    }
    await sleep(250);
  }
}

interface EnteredGrade extends GradedCell {
  /** `<assignment global id>|<user global id>`: how the grade's Live Events name it. */
  eventKey: string;
}

/** Enters the plan's grades in Canvas at the offered rate (yielding so the simulator can deliver meanwhile). */
async function gradeAtRate(canvas: CanvasSimulator, plan: PlannedGrade[], assignments: BenchAssignment[], rate: number | undefined): Promise<{ cells: EnteredGrade[]; seconds: number }> {
  const byKey = new Map(assignments.map((a) => [`${a.classSourcedId}|${a.index}`, a]));
  const schedule = gradingScheduleMs(plan.length, rate);
  const cells: EnteredGrade[] = [];
  const start = Date.now();
  for (const [i, g] of plan.entries()) {
    const wait = start + schedule[i] - Date.now();
    if (wait > 0) await sleep(wait);
    else if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    const a = byKey.get(`${g.classSourcedId}|${g.assignmentIndex}`)!;
    const sub = canvas.admin.account(g.tenant).grade(`sis_course_id:${g.classSourcedId}`, a.canvasId, `sis_user_id:${g.student}`, { score: g.score });
    const state = canvas.state.get(g.tenant)!;
    cells.push({
      tenant: g.tenant, resultSourcedId: resultSourcedId(a.lineItemSourcedId, g.student), expectedScore: g.score, acceptedAtMs: null,
      eventKey: `${state.globalId(sub.assignmentId)}|${state.globalId(sub.userId)}`,
    });
  }
  return { cells, seconds: round((Date.now() - start) / 1000) };
}

/** Polls the ICs until every cell holds its score, nothing new was stored for `quietMs`, or the deadline. */
async function waitForResults(env: PassbackEnvironment, cells: EnteredGrade[], deadline: number, quietMs: number): Promise<ScenarioResult['completion']> {
  const expected = new Map(cells.map((c) => [c.resultSourcedId, c.expectedScore]));
  let lastCount = -1;
  let lastChange = Date.now();
  for (;;) {
    const writes = storedResults(env);
    const final = new Map(writes.map((w) => [w.sourcedId, w.score]));
    if ([...expected].every(([id, score]) => final.get(id) === score)) return 'all-stored';
    if (writes.length !== lastCount) [lastCount, lastChange] = [writes.length, Date.now()];
    if (Date.now() - lastChange > quietMs) return 'quiet';
    if (Date.now() > deadline) return 'timeout';
    await sleep(500);
  }
}

/** Successful result PUTs every IC stored, in store order, with their store time. */
function storedResults(env: PassbackEnvironment): StoredResult[] {
  return env.tenants.flatMap((t) => t.ic.admin.gradebookWrites()
    .filter((w) => w.kind === 'results' && w.method === 'PUT' && w.status < 300)
    .map((w) => ({ sourcedId: w.sourcedId, storedAtMs: Date.parse(w.at), score: (w.body as { result?: { score?: number } }).result?.score })));
}

/** Each cell's start: the gateway's 2xx for the first of its grade's Live Events (null when none was accepted). */
function withAcceptedTimes(cells: EnteredGrade[], events: ReturnType<CanvasSimulator['admin']['liveEvents']>): GradedCell[] {
  const first = new Map<string, number>();
  for (const e of events) {
    if (!GRADE_EVENTS.has(e.eventName) || e.deliveredAt === null) continue;
    const body = e.payload.body as { assignment_id?: string; user_id?: string };
    const key = `${e.accountKey}|${body.assignment_id}|${body.user_id}`;
    first.set(key, Math.min(first.get(key) ?? Infinity, e.deliveredAt));
  }
  return cells.map(({ eventKey, ...cell }) => ({ ...cell, acceptedAtMs: first.get(`${cell.tenant}|${eventKey}`) ?? null }));
}
