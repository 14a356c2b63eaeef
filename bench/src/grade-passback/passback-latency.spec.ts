import { assignmentsNeeded, planGrades, scoreFor } from './grading-plan';
import { aggregateByTenant, gradingScheduleMs, judgeCells, latencyTimeline, summariseLatencies, type GradedCell, type StoredResult } from './passback-latency';

const cell = (tenant: string, id: string, expectedScore: number, acceptedAtMs: number | null): GradedCell => ({ tenant, resultSourcedId: id, expectedScore, acceptedAtMs });
const put = (sourcedId: string, storedAtMs: number, score: number | undefined): StoredResult => ({ sourcedId, storedAtMs, score });

describe('grade-passback measurements', () => {
  it('times a cell from its accepted event to the first write of the right score, and judges the final score', () => {
    const outcomes = judgeCells(
      [cell('a', 'r1', 8, 1_000), cell('a', 'r2', 5, 1_010), cell('a', 'r3', 9, 1_020), cell('a', 'r4', 3, null), cell('a', 'r5', 4, 1_030)],
      [put('r1', 1_250, 8), put('r1', 1_400, 8), put('r2', 1_300, 5), put('r2', 1_500, 6), put('r4', 1_100, 3), put('r5', 1_200, 2)],
    );
    expect(outcomes.map((o) => [o.resultSourcedId, o.state, o.latencyMs])).toEqual([
      ['r1', 'stored', 250], // a repeated write of the same score does not move the time
      ['r2', 'wrong', 290], // the right score arrived, then a later write replaced it
      ['r3', 'missing', undefined],
      ['r4', 'not-accepted', undefined], // no start time: counted apart, never in the percentiles
      ['r5', 'wrong', undefined],
    ]);
    expect(outcomes.find((o) => o.resultSourcedId === 'r2')?.finalScore).toBe(6);
  });

  it('orders writes by store time whatever order the log gives them in', () => {
    const [o] = judgeCells([cell('a', 'r1', 8, 0)], [put('r1', 900, 7), put('r1', 500, 8)]);
    expect(o).toMatchObject({ state: 'wrong', finalScore: 7, latencyMs: 500 });
  });

  it('summarises latencies with nearest-rank percentiles and the maximum', () => {
    const ms = Array.from({ length: 200 }, (_, i) => 200 - i); // 1..200 in reverse
    expect(summariseLatencies(ms)).toEqual({ count: 200, p50: 100, p95: 190, p99: 198, max: 200 });
    expect(summariseLatencies([])).toEqual({ count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN });
  });

  it('aggregates per tenant and across tenants: counts, latency and results/s from first accepted to last stored', () => {
    const outcomes = judgeCells(
      [cell('a', 'a1', 1, 0), cell('a', 'a2', 2, 100), cell('b', 'b1', 3, 50), cell('b', 'b2', 4, 60)],
      [put('a1', 400, 1), put('a2', 1_000, 2), put('b1', 250, 3)],
    );
    const { perTenant, all } = aggregateByTenant(outcomes);
    expect(perTenant.map((s) => [s.scope, s.graded, s.stored, s.missing, s.spanMs, s.resultsPerSecond])).toEqual([
      ['a', 2, 2, 0, 1_000, 2],
      ['b', 2, 1, 1, 200, 5],
    ]);
    expect(all).toMatchObject({ scope: 'all tenants', graded: 4, stored: 3, missing: 1, wrong: 0, spanMs: 1_000, resultsPerSecond: 3 });
    expect(all.latencyMs).toEqual({ count: 3, p50: 400, p95: 900, p99: 900, max: 900 });
  });

  it('reports no throughput when nothing was stored', () => {
    const { all } = aggregateByTenant(judgeCells([cell('a', 'a1', 1, 0)], []));
    expect([all.spanMs, all.resultsPerSecond, all.missing]).toEqual([null, 0, 1]);
  });

  it('shows how latency moves over the run, in windows of acceptance time', () => {
    const outcomes = judgeCells(
      [cell('a', 'a1', 1, 1_000), cell('a', 'a2', 1, 1_500), cell('a', 'a3', 1, 12_000), cell('a', 'a4', 1, 13_000)],
      [put('a1', 1_100, 1), put('a2', 1_800, 1), put('a3', 17_000, 1)],
    );
    expect(latencyTimeline(outcomes, 10_000)).toEqual([
      { fromSeconds: 0, count: 2, p50: 100, max: 300 },
      { fromSeconds: 10, count: 1, p50: 5_000, max: 5_000 }, // a4 never arrived: not timed
    ]);
    expect(latencyTimeline([], 10_000)).toEqual([]);
  });

  it('spaces grades evenly at an offered rate, or all at once', () => {
    expect(gradingScheduleMs(4, 20)).toEqual([0, 50, 100, 150]);
    expect(gradingScheduleMs(3, undefined)).toEqual([0, 0, 0]);
  });
});

describe('grading plan', () => {
  const classes = [
    { tenant: 't1', classSourcedId: 'c1', students: ['s1', 's2'] },
    { tenant: 't1', classSourcedId: 'c2', students: ['s3'] },
    { tenant: 't2', classSourcedId: 'c3', students: ['s4', 's5', 's6'] },
  ];

  it('asks for enough assignments to hold every grade in distinct cells', () => {
    expect(assignmentsNeeded(6, classes)).toBe(1);
    expect(assignmentsNeeded(7, classes)).toBe(2);
    expect(() => assignmentsNeeded(5, [{ tenant: 't', classSourcedId: 'c', students: [] }])).toThrow('no enrolled students');
  });

  it('grades each cell once, tenants taking turns, with scores within the points possible', () => {
    const plan = planGrades(10, classes, 2, 20);
    expect(plan).toHaveLength(10);
    expect(new Set(plan.map((g) => `${g.classSourcedId}|${g.assignmentIndex}|${g.student}`)).size).toBe(10);
    expect(plan.slice(0, 4).map((g) => g.tenant)).toEqual(['t1', 't2', 't1', 't2']);
    expect(plan.filter((g) => g.tenant === 't1')).toHaveLength(5);
    expect(plan.every((g) => g.score >= 1 && g.score <= 20)).toBe(true);
    expect(scoreFor(0, 20)).toBe(1);
    expect(() => planGrades(13, classes, 2, 20)).toThrow('only 12 distinct cells for 13 grades');
  });
});
