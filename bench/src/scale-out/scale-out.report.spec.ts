import { ratiosToBaseline, rowsPerSecond } from './scale-out.report';
import type { SyncRound } from './sync-round';

describe('scale-out report', () => {
  it.each([
    ['baseline is the fewest replicas, whatever the order', [[2, 300], [1, 200], [3, 330]], [1.5, 1, 1.65]],
    ['a round without a rate has no ratio', [[1, 200], [2, undefined]], [1, undefined]],
    ['no ratio at all without a baseline rate', [[1, undefined], [2, 300]], [undefined, undefined]],
  ] as [string, [number, number | undefined][], (number | undefined)[]][])('%s', (_, runs, ratios) => {
    const out = ratiosToBaseline(runs, ([n]) => n, ([, rate]) => rate);
    expect(out.map((r) => (r.ratio === undefined ? undefined : Number(r.ratio.toFixed(2))))).toEqual(ratios);
  });

  it('gives rows/s only for a round where every tenant\'s loader finished', () => {
    const round = { tenants: 10, loaderFinished: 10, wallMs: 20_000, canvasRows: 40_000 } as SyncRound;
    expect(rowsPerSecond(round)).toBe(2_000);
    expect(rowsPerSecond({ ...round, loaderFinished: 9 })).toBeUndefined();
    expect(rowsPerSecond({ ...round, wallMs: null })).toBeUndefined();
  });
});
