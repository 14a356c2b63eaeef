import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const cache = () => new TtlCache<number>(1000, () => now);

  beforeEach(() => (now = 0));

  it('loads once for concurrent and repeated reads within the ttl, again after it', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([c.get('k', load), c.get('k', load)])).toEqual([1, 1]);
    now = 999;
    expect(await c.get('k', load)).toBe(1);
    now = 1000;
    expect(await c.get('k', load)).toBe(2);
  });

  it('does not keep a failed load', async () => {
    const c = cache();
    await expect(c.get('k', () => Promise.reject(new Error('canvas down')))).rejects.toThrow('canvas down');
    expect(await c.get('k', async () => 7)).toBe(7);
  });

  it('forgets a deleted key', async () => {
    const c = cache();
    await c.get('k', async () => 1);
    c.delete('k');
    expect(await c.get('k', async () => 2)).toBe(2);
  });

  it('serves a value set from elsewhere without loading, and forgets keys by prefix only', async () => {
    const c = cache();
    c.set('acme|5|7', 40);
    await c.get('globex|5|7', async () => 50);
    expect(await c.get('acme|5|7', async () => 41)).toBe(40);
    c.deleteByPrefix('acme|');
    expect(await c.get('acme|5|7', async () => 42)).toBe(42);
    expect(await c.get('globex|5|7', async () => 51)).toBe(50);
  });

  it('keeps a value from elsewhere only where nothing newer is kept or loading', async () => {
    const c = cache();
    let release: (v: number) => void = () => undefined;
    const loading = c.get('k', () => new Promise<number>((r) => (release = r)));
    c.setIfAbsent('k', 1);
    release(2);
    expect(await loading).toBe(2);
    expect(await c.get('k', async () => 3)).toBe(2);
    c.setIfAbsent('other', 4);
    expect(await c.get('other', async () => 5)).toBe(4);
    now = 1000;
    c.setIfAbsent('k', 6);
    expect(await c.get('k', async () => 7)).toBe(6);
  });
});
