import { intFlag, listFlag, parseBenchArgs } from './cli-args';

describe('benchmark command line', () => {
  it('reads the benchmark name, valued flags (spaced or =) and bare switches', () => {
    expect(parseBenchArgs(['extractor-side', '--size', '5k,50k', '--page-size=2000', '--child'])).toEqual({
      name: 'extractor-side',
      flags: { size: '5k,50k', 'page-size': '2000', child: 'true' },
    });
  });

  it('keeps a value that holds "=" or starts with "--" whole when given with =', () => {
    expect(parseBenchArgs(['full-sync', '--app-node-options=--max-old-space-size=256 --enable-source-maps']).flags)
      .toEqual({ 'app-node-options': '--max-old-space-size=256 --enable-source-maps' });
  });

  it('refuses a missing name or a stray argument, saying how to call it', () => {
    expect(() => parseBenchArgs([])).toThrow('usage: run.ts <benchmark>');
    expect(() => parseBenchArgs(['reference', 'oops'])).toThrow('unexpected argument "oops"');
  });

  it.each([
    ['100000', 100_000],
    ['100k', 100_000],
    ['100_000', 100_000],
    ['2m', 2_000_000],
    ['1.5k', 1_500],
  ])('reads --records %s as %d', (raw, expected) => {
    expect(intFlag({ records: raw }, 'records', 1)).toBe(expected);
  });

  it('falls back to the default and rejects nonsense', () => {
    expect(intFlag({}, 'records', 42)).toBe(42);
    expect(() => intFlag({ records: 'lots' }, 'records', 1)).toThrow('--records lots');
    expect(() => intFlag({ records: '0' }, 'records', 1)).toThrow('must be positive');
    expect(listFlag({ size: '5k, 50k,' }, 'size', ['1k'])).toEqual(['5k', '50k']);
    expect(listFlag({}, 'size', ['1k'])).toEqual(['1k']);
  });
});
