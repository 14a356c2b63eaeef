import { GroupCommit } from './group-commit';

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
