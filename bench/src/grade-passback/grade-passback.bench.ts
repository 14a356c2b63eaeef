import { cpus } from 'node:os';
import { intFlag, listFlag } from '../common/cli-args';
import { peakRssMiB, round } from '../common/measure';
import { latestReference, ratioNote } from '../common/reference-baseline';
import type { BenchmarkReport } from '../common/report';
import { benchServices } from '../common/services';
import { appEntry } from '../full-sync/app-process';
import { rosterModeOf } from './kept-roster';
import type { ScopeStats } from './passback-latency';
import { runScenario, type ScenarioResult } from './passback-scenario';

/**
 * Grade passback latency: Canvas simulator Live Events (signed, delivered to the events-gateway) → gradebook
 * processor → gradebook writer → OneRoster simulator, for 1 and then 10 tenants. Per result: gateway 2xx → IC stored.
 */
export async function runGradePassback(flags: Record<string, string>): Promise<BenchmarkReport> {
  for (const app of ['events-gateway', 'gradebook']) appEntry(app); // fail before setting anything up
  const services = benchServices();
  const tenantCounts = listFlag(flags, 'tenants', ['1', '10']).map((t) => intFlag({ t }, 't', 1));
  const grades = intFlag(flags, 'grades', 1_000);
  const rate = flags.rate === undefined || flags.rate === 'max' ? undefined : intFlag(flags, 'rate', 1);
  const options = { grades, rate, classesPerTenant: intFlag(flags, 'classes', 4), deliveryConcurrency: intFlag(flags, 'concurrency', 4), timeoutMs: intFlag(flags, 'timeout', 600) * 1000, quietMs: intFlag(flags, 'quiet-ms', 30_000),
    canvasLatencyMs: intFlag(flags, 'canvas-latency-ms', 0), icLatencyMs: intFlag(flags, 'ic-latency-ms', 0), icConcurrency: intFlag(flags, 'ic-concurrency', 5),
    roster: rosterModeOf(flags),
  };
  const scenarios: ScenarioResult[] = [];
  for (const tenants of tenantCounts) {
    process.stderr.write(`[bench] grade-passback: ${tenants} tenant(s), ${grades} grades, rate ${rate ?? 'max'}, ${options.roster} roster…\n`);
    scenarios.push(await runScenario(services, { ...options, tenants }));
  }
  return reportOf(scenarios, { tenants: tenantCounts, grades, rate: rate ?? 'max', classesPerTenant: options.classesPerTenant, deliveryConcurrency: options.deliveryConcurrency, timeoutSeconds: options.timeoutMs / 1000, quietMs: options.quietMs,
    canvasLatencyMs: options.canvasLatencyMs, icLatencyMs: options.icLatencyMs, icConcurrency: options.icConcurrency, roster: options.roster,
  });
}

const ms = (v: number) => (Number.isNaN(v) ? '—' : round(v));
const latencyCells = (s: ScopeStats) => [ms(s.latencyMs.p50), ms(s.latencyMs.p95), ms(s.latencyMs.p99), ms(s.latencyMs.max)];
const completeness = (s: ScopeStats) => `${s.stored}/${s.graded} (missing ${s.missing}, wrong ${s.wrong}, not accepted ${s.notAccepted})`;

export function reportOf(scenarios: ScenarioResult[], parameters: Record<string, unknown>): BenchmarkReport {
  const reference = latestReference();
  const times = (perSec: number) => (reference ? round(perSec / reference.produceRecordsPerSecond) : '—');
  return {
    name: 'grade-passback',
    parameters,
    results: { scenarios, reference: reference ?? null, driverWithSimulatorsPeakRssMiB: round(peakRssMiB()), cpus: cpus().length },
    tables: [
      {
        title: 'Per scenario, all tenants (latency: gateway 2xx for the grade\'s first Live Event → result stored in IC, ms)',
        columns: ['tenants', 'grades', 'Live Events accepted', 'accepted events/s', 'grading s', 'p50', 'p95', 'p99', 'max', 'results/s (first accepted → last stored)', '× Kafka produce', 'complete', 'course-grade writes', 'ended'],
        rows: scenarios.map((s) => [
          s.tenants, s.grades, `${s.liveEvents.delivered}/${s.liveEvents.emitted}`, s.liveEvents.acceptedPerSecond, s.gradingSeconds, ...latencyCells(s.all),
          round(s.all.resultsPerSecond), times(s.all.resultsPerSecond), completeness(s.all), s.courseGradeWrites, s.completion,
        ]),
      },
      {
        title: 'Calls to Canvas and IC while grades flowed',
        columns: ['tenants', 'Canvas calls', 'Canvas calls/grade', 'Canvas throttled', 'IC requests', 'IC requests/result', 'IC 429 (concurrency)', 'IC peak in flight'],
        rows: scenarios.map((s) => [s.tenants, s.canvas.calls, s.canvas.callsPerGrade, s.canvas.throttled, s.ic.requests, s.ic.requestsPerResult, s.ic.refusedForConcurrency, s.ic.peakInFlight]),
      },
      {
        title: 'Canvas calls per grade by kind (enrollment listings: what a warm roster saves; submission listings and single reads: per consumer slice)',
        columns: ['tenants', 'roster', 'roster records published', 'classes × assignments each', 'enrollment listings', 'submission listings', 'single reads', 'others', 'all per grade'],
        rows: scenarios.map((s) => {
          const per = (n: number) => `${n} (${round(n / Math.max(1, s.grades))})`;
          const published = Object.values(s.rosterRecords).reduce((n, byTopic) => n + Object.values(byTopic).reduce((a, b) => a + b, 0), 0);
          const k = s.canvas.byKind;
          return [s.tenants, s.roster, published, `${s.classes} × ${round(s.assignments / Math.max(1, s.classes))}`, per(k.enrollmentListings), per(k.submissionListings), per(k.singleReads), per(k.others), s.canvas.callsPerGrade];
        }),
      },
      ...scenarios.filter((s) => s.tenants > 1).map((s) => ({
        title: `Per tenant, ${s.tenants}-tenant scenario (ms)`,
        columns: ['tenant', 'grades', 'p50', 'p95', 'p99', 'max', 'results/s', 'complete'],
        rows: s.perTenant.map((t) => [t.scope.replace(/-.*/, ''), t.graded, ...latencyCells(t), round(t.resultsPerSecond), completeness(t)]),
      })),
      {
        title: 'Latency over the run (10 s windows by acceptance time, all tenants, ms)',
        columns: ['tenants', 'accepted from +s', 'results', 'p50', 'max'],
        rows: scenarios.flatMap((s) => s.timeline.map((b) => [s.tenants, b.fromSeconds, b.count, ms(b.p50), ms(b.max)])),
      },
      {
        title: 'CPU used while grades flowed (s; first grade entered → last result stored): what each process costs per event or result',
        columns: ['tenants', 'events-gateway s', 'gateway ms per accepted Live Event', 'processor s', 'processor ms per result', 'writer s', 'writer ms per result'],
        rows: scenarios.map((s) => {
          const per = (cpu: number | undefined, n: number) => (cpu === undefined || n === 0 ? '—' : round((cpu * 1000) / n));
          const c = s.cpuSeconds ?? {};
          return [s.tenants, c['events-gateway'] ?? '—', per(c['events-gateway'], s.liveEvents.delivered), c['gradebook processor'] ?? '—', per(c['gradebook processor'], s.all.stored),
            c['gradebook writer'] ?? '—', per(c['gradebook writer'], s.all.stored)];
        }),
      },
      {
        title: 'Peak RSS per process (VmHWM, MiB)',
        columns: ['tenants', 'events-gateway', 'gradebook processor', 'gradebook writer', 'load average before → after'],
        rows: scenarios.map((s) => [s.tenants, s.peakRssMiB['events-gateway'] ?? '—', s.peakRssMiB['gradebook processor'] ?? '—', s.peakRssMiB['gradebook writer'] ?? '—', `${s.loadAverage.before} → ${s.loadAverage.after}`]),
      },
    ],
    notes: [
      ...scenarios.map((s) => ratioNote(`${s.tenants} tenant(s): ${round(s.all.resultsPerSecond)} results/s`, s.all.resultsPerSecond, reference)),
      `Driver with both simulators (Canvas + ${Math.max(...scenarios.map((s) => s.tenants))} OneRoster): peak RSS ${round(peakRssMiB())} MiB.`,
      'Each grade is a distinct cell (class × assignment × student) entered once with Canvas\'s own events (grade_change, submission_created/updated, course_grade_change); its clock starts when the gateway answers 2xx for the first of them. The Canvas simulator starts deliveries in emission order across all tenants with `--concurrency` of them in flight: with few in flight the accepted events/s is bounded by the gateway\'s response time, not by the offered rate.',
      `Canvas answers every REST call in ${parameters.canvasLatencyMs ?? 0} ms with its leaky-bucket throttle on; IC in ${parameters.icLatencyMs ?? 0} ms, refusing more than ${parameters.icConcurrency ?? 5} requests in flight per client (429 + Retry-After). Setup (provisioning, lineItems) runs at 0 ms.`,
      `Roster: ${parameters.roster ?? 'warm'} — warm: the classes' Canvas courses, sections and enrollments (the mapping's projection of each tenant's district as pulled from its IC) were published to canvas.* before the gradebook started, so the processor rebuilt its kept SIS roster at start as in production; cold: those topics were empty and student states come from Canvas's enrollment listings.`,
      'Reconciliation is off (GRADEBOOK_RECONCILE_INTERVAL_MS=0) so a lost event shows as missing; other gradebook settings are the defaults (cache TTL 60 s, writer concurrency 5 per tenant). The assignments\' lineItems are in IC before grading starts (untimed).',
      ...scenarios.filter((s) => s.completion !== 'all-stored').map((s) => `${s.tenants} tenant(s): not every grade arrived (${s.completion}); app logs in ${s.logDir}`),
    ],
  };
}
