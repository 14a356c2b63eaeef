import { countDropHoldReason } from './count-drop-hold';

describe('countDropHoldReason: a full run whose count falls sharply holds its deletions', () => {
  it.each<[string, number, number | undefined, number, boolean]>([
    // case, read, previous full run, hold percent, held
    ['first full run: nothing to compare with', 500, undefined, 20, false],
    ['same count', 2140, 2140, 20, false],
    ['more records than before', 2200, 2140, 20, false],
    ['a normal drop at the end of a term (10 %)', 1926, 2140, 20, false],
    ['exactly the threshold', 80, 100, 20, false],
    ['just over the threshold', 79, 100, 20, true],
    ['a provider that stopped after its first clamped page (500 of 2,140)', 500, 2140, 20, true],
    ['a stricter tenant (5 %)', 90, 100, 5, true],
    ['hold turned off (100 %)', 1, 100, 100, false],
    ['previous run read nothing', 10, 0, 20, false],
  ])('%s', (_case, read, previous, holdPercent, held) => {
    const reason = countDropHoldReason({ tenant: 'acme', collection: 'enrollments', read, previous, holdPercent });
    expect(reason !== undefined).toBe(held);
    if (held) expect(reason).toMatch(new RegExp(`^tenant acme: enrollments read ${read} records, \\d+ % fewer than the ${previous} of the last full run .*ic\\.countDropHoldPercent`));
  });
});
