import { GroupCommit, groupedLookup, groupedStore } from './group-commit';

/** A publish whose calls the test completes by hand, recording each group. */
function manualPublish() {
  const groups: string[][] = [];
  const done: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const publish = (records: string[]) => {
    groups.push(records);
    return new Promise<void>((resolve, reject) => done.push({ resolve, reject })).then(() => records.map(() => undefined));
  };
  return { groups, done, publish };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('GroupCommit: records arriving while a publish is in flight go together in the next one', () => {
  it('publishes the first record alone, then everything that arrived meanwhile as one group', async () => {
    const m = manualPublish();
    const grouped = new GroupCommit(m.publish);
    const first = grouped.add('a');
    const rest = ['b', 'c', 'd'].map((r) => grouped.add(r));
    await settle();
    expect(m.groups).toEqual([['a']]);
    m.done[0].resolve();
    await first;
    await settle();
    expect(m.groups).toEqual([['a'], ['b', 'c', 'd']]);
    m.done[1].resolve();
    await Promise.all(rest);
  });

  it('fails every record of a failed group, and only those', async () => {
    const m = manualPublish();
    const grouped = new GroupCommit(m.publish);
    const first = grouped.add('a');
    const second = [grouped.add('b'), grouped.add('c')];
    await settle();
    m.done[0].resolve();
    await first;
    await settle();
    m.done[1].reject(new Error('broker unavailable'));
    for (const p of second) await expect(p).rejects.toThrow('broker unavailable');
    const later = grouped.add('d');
    await settle();
    expect(m.groups[2]).toEqual(['d']);
    m.done[2].resolve();
    await expect(later).resolves.toBeUndefined();
  });

  it('splits a large backlog into groups of at most maxGroup, in arrival order', async () => {
    const m = manualPublish();
    const grouped = new GroupCommit(m.publish, 2);
    const all = ['a', 'b', 'c', 'd', 'e'].map((r) => grouped.add(r));
    for (let i = 0; i < 4; i++) {
      await settle();
      m.done[i]?.resolve();
    }
    await Promise.all(all);
    expect(m.groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('answers each caller with its own record\'s answer', async () => {
    const grouped = new GroupCommit<string, number>(async (records) => records.map((r) => r.length));
    await expect(Promise.all(['a', 'bbb', 'cc'].map((r) => grouped.add(r)))).resolves.toEqual([1, 3, 2]);
  });
});

describe('groupedStore / groupedLookup: concurrent callers share one set-based call', () => {
  it('stores the arrays of callers that came while a store ran in one call; empty arrays never call', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = groupedStore(async (items: number[]) => {
      calls.push(items);
      if (calls.length === 1) await gate;
    });
    const first = store([1]);
    const rest = [store([2, 3]), store([]), store([4])];
    await settle();
    expect(calls).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('answers every caller of a group with that group\'s one answer', async () => {
    const asked: string[][] = [];
    const lookup = groupedLookup(async (keys: string[]) => {
      asked.push(keys);
      return new Set(keys);
    });
    const [a, b, c] = await Promise.all([lookup(['x']), lookup(['y']), lookup(['z'])]);
    expect(asked).toEqual([['x'], ['y', 'z']]);
    expect(a.has('x')).toBe(true);
    expect(b.has('z') && c.has('y')).toBe(true);
  });

  it('a grouped store that fails is repeated per caller: only the caller whose items fail sees the failure', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = groupedStore(async (items: number[]) => {
      calls.push(items);
      if (calls.length === 1) await gate;
      if (items.includes(13)) throw new Error('row 13 refused');
    });
    const first = store([1]);
    const good = store([2]);
    const bad = store([13]);
    await settle();
    release();
    await first;
    await expect(bad).rejects.toThrow('row 13 refused');
    await good;
    expect(calls).toEqual([[1], [2, 13], [2], [13]]);
  });

  it('fails a lone caller with its store\'s failure; the next group is stored', async () => {
    let fail = true;
    const stored: number[] = [];
    const store = groupedStore(async (items: number[]) => {
      await settle();
      if (fail) {
        fail = false;
        throw new Error('database unavailable');
      }
      stored.push(...items);
    });
    await expect(store([1])).rejects.toThrow('database unavailable');
    await store([2]);
    expect(stored).toEqual([2]);
  });
});
