import { gatedRows, holdPlanWhenThresholdExceeded } from './safety-gate';
import { resolveSafetyThresholds } from './safety-thresholds';
import type { LoaderRow } from './loader-row';

const enrollment = (id: string, status: string, school = 'S1', approved = false): LoaderRow => ({
  canvasType: 'enrollment', sisId: id, row: { section_id: 'C1', user_id: id, role: 'student', status },
  op: status === 'active' ? 'upsert' : 'delete', hash: `h-${id}-${status}`, school, approved,
});
const user = (id: string, status: string, school = 'S1'): LoaderRow => ({
  canvasType: 'user', sisId: id, row: { user_id: id, status }, op: status === 'deleted' ? 'delete' : 'upsert', hash: `h-${id}`, school,
});
const many = (n: number, make: (i: number) => LoaderRow) => Array.from({ length: n }, (_, i) => make(i));

describe('holdPlanWhenThresholdExceeded', () => {
  const defaults = resolveSafetyThresholds('acme', {});
  const appliedAll = () => true;

  it.each([
    // [case, destructive enrollments, applied in school, thresholds, held?]
    ['9 drops of 20: below the default minimum of 10', 9, 20, {}, false],
    ['10 drops of 200 (5 %): under 10 %', 10, 200, {}, false],
    ['20 drops of 200 (exactly 10 %): not over', 20, 200, {}, false],
    ['21 drops of 200: over 10 %', 21, 200, {}, true],
    ['10 drops of 20: 50 %', 10, 20, {}, true],
    ['5 drops of 20 with minDeleteCount 5', 5, 20, { minDeleteCount: 5 }, true],
    ['5 drops of 20 with a per-type 30 % allowance', 5, 20, { minDeleteCount: 5, perType: { enrollment: { maxDeleteFraction: 0.3 } } }, false],
    ['7 drops of 20 with the per-type 30 % allowance', 7, 20, { minDeleteCount: 5, perType: { enrollment: { maxDeleteFraction: 0.3 } } }, true],
  ])('%s', (_name, drops, applied, thresholds, held) => {
    const rows = [...many(drops as number, (i) => enrollment(`E${i}`, 'deleted')), enrollment('NEW', 'active')];
    const decision = holdPlanWhenThresholdExceeded(rows, {
      isActiveApplied: (key) => key !== 'enrollment|NEW',
      appliedCounts: [{ canvasType: 'enrollment', school: 'S1', count: applied as number }],
      thresholds: resolveSafetyThresholds('acme', thresholds),
    });
    expect(decision.held.length).toBe(held ? drops : 0);
    expect(decision.proceed.map((r) => r.sisId)).toContain('NEW');
    expect(decision.exceeded.length).toBe(held ? 1 : 0);
  });

  it('counts per school: a mass drop in one school holds every destructive row of the batch, other changes go on', () => {
    const rows = [
      ...many(12, (i) => enrollment(`A${i}`, 'completed', 'S1')),
      ...many(2, (i) => enrollment(`B${i}`, 'inactive', 'S2')),
      user('U9', 'deleted', 'S2'),
      enrollment('ADD', 'active', 'S2'),
    ];
    const decision = holdPlanWhenThresholdExceeded(rows, {
      isActiveApplied: appliedAll,
      appliedCounts: [
        { canvasType: 'enrollment', school: 'S1', count: 40 },
        { canvasType: 'enrollment', school: 'S2', count: 1000 },
        { canvasType: 'user', school: 'S2', count: 500 },
      ],
      thresholds: defaults,
    });
    expect(decision.exceeded).toEqual([expect.objectContaining({ canvasType: 'enrollment', school: 'S1', destructive: 12, applied: 40 })]);
    expect(decision.held).toHaveLength(15);
    expect(decision.proceed.map((r) => r.sisId)).toEqual(['ADD']);
    expect(decision.counts).toEqual([
      { canvasType: 'enrollment', school: 'S1', destructive: 12, applied: 40, earlierInRun: 0 },
      { canvasType: 'enrollment', school: 'S2', destructive: 2, applied: 1000, earlierInRun: 0 },
      { canvasType: 'user', school: 'S2', destructive: 1, applied: 500, earlierInRun: 0 },
    ]);
  });

  it("judges a run as a whole: its earlier batches' deletions count, against the school as it was before the run", () => {
    // 200 enrollments before the run; the run drops 40 (20 %) in two batches of 20: each alone is exactly 10 %
    const second = many(20, (i) => enrollment(`E${i}`, 'deleted'));
    const judge = (earlier: number) => holdPlanWhenThresholdExceeded(second, {
      isActiveApplied: appliedAll,
      appliedCounts: [{ canvasType: 'enrollment', school: 'S1', count: 200 - earlier }],
      runDeletedCounts: earlier ? [{ canvasType: 'enrollment', school: 'S1', count: earlier }] : [],
      thresholds: defaults,
    });
    expect(judge(0).held).toEqual([]); // the first batch: 20 of 200
    const decision = judge(20); // the second: 40 of 200, not 20 of 180
    expect(decision.held).toHaveLength(20);
    expect(decision.exceeded).toEqual([expect.objectContaining({ destructive: 40, applied: 200, earlierInRun: 20 })]);
  });

  it('ignores deletes of entities that were never applied, and rows an operator approved', () => {
    const rows = [...many(30, (i) => enrollment(`N${i}`, 'deleted')), ...many(30, (i) => enrollment(`P${i}`, 'deleted', 'S1', true))];
    const decision = holdPlanWhenThresholdExceeded(rows, {
      isActiveApplied: (key) => key.startsWith('enrollment|P'),
      appliedCounts: [{ canvasType: 'enrollment', school: 'S1', count: 30 }],
      thresholds: defaults,
    });
    expect(decision.held).toEqual([]);
    expect(decision.proceed).toHaveLength(60);
  });

  it('treats every enrollment drop status as destructive, and suspended users as not', () => {
    const rows = [
      ...['deleted', 'inactive', 'completed', 'deleted_last_completed'].flatMap((s) => many(3, (i) => enrollment(`${s}${i}`, s))),
      ...many(20, (i) => user(`U${i}`, 'suspended')),
    ];
    const decision = holdPlanWhenThresholdExceeded(rows, {
      isActiveApplied: appliedAll,
      appliedCounts: [{ canvasType: 'enrollment', school: 'S1', count: 12 }, { canvasType: 'user', school: 'S1', count: 20 }],
      thresholds: defaults,
    });
    expect(decision.held).toHaveLength(12);
    expect(decision.proceed).toHaveLength(20);
  });

  it('refuses invalid thresholds with a message naming the tenant and the fix', () => {
    expect(() => resolveSafetyThresholds('acme', { maxDeleteFraction: 5 })).toThrow(/tenant acme: thresholds.maxDeleteFraction must be a number from 0 to 1.*ops tenants update acme/);
    expect(() => resolveSafetyThresholds('acme', { perType: { user: { minDeleteCount: -1 } } })).toThrow(/thresholds.perType.user.minDeleteCount/);
  });
});

describe('gatedRows', () => {
  it('names the rows that can exceed a threshold: unapproved drops of entities Canvas has active', () => {
    const rows = [
      enrollment('A', 'deleted'),
      enrollment('B', 'deleted', 'S1', true), // approved by an operator
      enrollment('C', 'deleted'), // never applied: nothing to protect
      enrollment('D', 'active'),
      user('U', 'deleted'),
    ];
    const gated = gatedRows(rows, (key) => key !== 'enrollment|C');
    expect(gated.map((r) => r.sisId)).toEqual(['A', 'U']);
    expect(gatedRows(rows.filter((r) => r.op === 'upsert'), () => true)).toEqual([]); // a full sync of upserts: no counts needed
  });
});
