import { everyNth, nextDay } from './delta-cost';

describe('delta cost changes', () => {
  it('changes 1 % of records: every hundredth, the same ones on every run', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => i);
    const picked = everyNth(ids, 1);
    expect(picked).toHaveLength(10);
    expect(picked.slice(0, 3)).toEqual([99, 199, 299]);
    expect(everyNth(ids, 1)).toEqual(picked);
    expect(everyNth(ids, 10)).toHaveLength(100);
    expect(everyNth([1, 2], 1)).toEqual([]); // fewer than 100 records: nothing to change at 1 %
  });

  it('moves an end date one calendar day later, across month and year ends', () => {
    expect(nextDay('2026-06-14')).toBe('2026-06-15');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2026-06-14T00:00:00Z')).toBe('2026-06-15');
  });
});
