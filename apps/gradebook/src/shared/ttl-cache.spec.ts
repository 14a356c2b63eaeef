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
});
