import { canvasBusy, entityRows, importTotals, type ImportSummary } from './import-timeline';

const imp = (id: number, createdAt: number, startedAt: number | null, endedAt: number | null, rows = 100, workflowState = 'imported'): ImportSummary =>
  ({ id, createdAt, startedAt, endedAt, rows, workflowState });

describe('Canvas import timeline', () => {
  it('counts entity rows only, not errors, warnings or batch deletes', () => {
    expect(entityRows({ users: 10, enrollments: 20, user_observers: 1, error_count: 5, warning_count: 3, batch_enrollments_deleted: 7 })).toBe(31);
  });

  it('sums rows and states and keeps first created → last ended', () => {
    const totals = importTotals([imp(1, 1_000, 1_100, 5_000), imp(2, 4_000, 5_000, 9_000, 50), imp(3, 8_000, null, null, 0, 'created')]);
    expect(totals).toEqual({ imports: 3, rows: 150, states: { imported: 2, created: 1 }, firstCreatedMs: 1_000, lastEndedMs: 9_000 });
  });

  it('sums the idle gaps between imports: a loader that keeps Canvas busy leaves none', () => {
    // back to back: the next import was queued while the first ran, and started when it ended
    const busy = canvasBusy([imp(1, 0, 0, 10_000), imp(2, 5_000, 10_000, 20_000)])!;
    expect(busy).toMatchObject({ spanMs: 20_000, applyingMs: 20_000, idleGapsMs: 0, longestGapMs: 0, queuedBehindAnother: 1 });
    // serial: each import only created after the previous ended, with 2 s and 3 s of Canvas idle between them
    const serial = canvasBusy([imp(3, 25_000, 25_000, 30_000), imp(1, 0, 0, 10_000), imp(2, 12_000, 12_000, 22_000)])!;
    expect(serial).toMatchObject({ spanMs: 30_000, applyingMs: 25_000, idleGapsMs: 5_000, longestGapMs: 3_000, queuedBehindAnother: 0 });
    expect(serial.rowsPerApplyingSecond).toBe(12);
  });

  it('reports nothing before an import finished', () => {
    expect(canvasBusy([imp(1, 0, 0, null)])).toBeUndefined();
  });
});
