import type { GradebookWriteOutcomes } from '@rp/messaging';
import { refusalCountRows, refusalRateNotification, windowStartOf } from './refusal-rate.rule';

const settings = { refusalWindowMinutes: 15, refusalMinWrites: 5, refusalMaxPercent: 40 };
const AT = new Date('2026-12-07T10:20:00Z');
const counts = (writes: number, refused: number) => ({ tenant: 'acme', windowStart: '2026-12-07T10:15:00.000Z', writes, refused });

describe('passback refusals above a rate', () => {
  it.each([
    ['below the minimum number of writes, even all refused', 4, 4, false],
    ['enough writes, rate below the threshold', 7, 1, false],
    ['enough writes, rate at the threshold', 5, 2, true],
    ['rate above the threshold', 10, 10, true],
  ] as const)('%s (%i writes, %i refused) → notifies: %s', (_why, writes, refused, notifies) => {
    expect(refusalRateNotification(counts(writes, refused), settings, AT) !== undefined).toBe(notifies);
  });

  it('names the tenant, the share refused, the window and where to look', () => {
    const n = refusalRateNotification(counts(5, 2), settings, AT)!;
    expect(n.title).toBe('tenant acme: IC refused 40% of grade writes since 2026-12-07T10:15:00.000Z');
    expect(n.text).toContain('ops passback --tenant acme');
  });

  it('one key per tenant and window, whatever the counts when it is crossed', () => {
    expect(refusalRateNotification(counts(5, 2), settings, AT)!.key).toBe(refusalRateNotification(counts(50, 40), settings, new Date())!.key);
    expect(refusalRateNotification(counts(5, 2), settings, AT)!.key)
      .not.toBe(refusalRateNotification({ ...counts(5, 2), windowStart: '2026-12-07T10:30:00.000Z' }, settings, AT)!.key);
    expect(refusalRateNotification(counts(5, 2), settings, AT)!.key).not.toBe(refusalRateNotification({ ...counts(5, 2), tenant: 'globex' }, settings, AT)!.key);
  });

  it.each([
    ['2026-12-07T10:14:59.999Z', 15, '2026-12-07T10:00:00.000Z'],
    ['2026-12-07T10:15:00.000Z', 15, '2026-12-07T10:15:00.000Z'],
    ['2026-12-07T10:59:00.000Z', 60, '2026-12-07T10:00:00.000Z'],
    ['not a time', 15, undefined],
  ] as const)('%s falls in the %i-minute window from %s', (at, minutes, start) => {
    expect(windowStartOf(at, minutes)).toBe(start);
  });

  it('a record counts its accepted writes once by its id, each refusal by write and content', () => {
    const record: GradebookWriteOutcomes = {
      tenant: 'acme', batchId: 'b1', at: '2026-12-07T10:20:00Z', written: 3,
      refused: [{ kind: 'result', sourcedId: 'r1', contentHash: 'h1', reason: 'HTTP 422' }],
    };
    expect(refusalCountRows(record, 15)).toEqual([
      { tenant: 'acme', outcomeKey: 'written|b1', windowStart: '2026-12-07T10:15:00.000Z', writes: 3, refused: 0 },
      { tenant: 'acme', outcomeKey: 'refused|result|r1|h1', windowStart: '2026-12-07T10:15:00.000Z', writes: 1, refused: 1 },
    ]);
    expect(refusalCountRows({ ...record, batchId: 'b2', written: 0 }, 15)).toEqual([refusalCountRows(record, 15)[1]]);
  });
});
