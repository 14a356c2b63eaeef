import { chunksUnderLimit } from './publisher';

const msg = (bytes: number, key = 'k') => ({ key, value: Buffer.alloc(bytes) });

describe('chunksUnderLimit', () => {
  it('keeps order and splits by bytes and by count, so no produce request exceeds the broker limit', () => {
    const messages = Array.from({ length: 10 }, (_, i) => msg(100, `k${i}`));
    const bySize = chunksUnderLimit(messages, 400, 1000);
    expect(bySize.map((c) => c.length)).toEqual([2, 2, 2, 2, 2]);
    expect(bySize.flat().map((m) => m.key)).toEqual(messages.map((m) => m.key));
    expect(chunksUnderLimit(messages, 1_000_000, 3).map((c) => c.length)).toEqual([3, 3, 3, 1]);
  });

  it('sends a single record larger than the limit on its own rather than dropping it', () => {
    expect(chunksUnderLimit([msg(10), msg(5000), msg(10)], 1000, 100).map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('makes no chunk for no messages', () => {
    expect(chunksUnderLimit([])).toEqual([]);
  });
});
