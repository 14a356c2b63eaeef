import { icConcurrencyShare } from './ic-concurrency-share';

describe('IC concurrency shared by the gradebook roles', () => {
  it.each<[number, number, number]>([
    // tenant limit, processor, writer
    [5, 1, 4],
    [10, 2, 8],
    [4, 1, 3],
    [2, 1, 1],
    [1, 1, 1],
    [0, 1, 1],
  ])('a limit of %i gives the processor %i and the writer %i', (limit, processor, writer) => {
    expect(icConcurrencyShare('processor', limit)).toBe(processor);
    expect(icConcurrencyShare('writer', limit)).toBe(writer);
    if (limit >= 2) expect(processor + writer).toBe(limit);
  });
});
