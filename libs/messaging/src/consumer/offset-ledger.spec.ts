import { OffsetLedger } from './offset-ledger';

describe('OffsetLedger', () => {
  const cases: { name: string; dispatched: number[]; finished: number[]; committable: number | undefined; outstanding: number }[] = [
    { name: 'nothing finished yet', dispatched: [0, 1, 2], finished: [], committable: undefined, outstanding: 3 },
    { name: 'all finished in order', dispatched: [0, 1, 2], finished: [0, 1, 2], committable: 3, outstanding: 0 },
    { name: 'a later key finished first: commit stops before the unfinished record', dispatched: [0, 1, 2, 3], finished: [0, 2, 3], committable: 1, outstanding: 3 },
    { name: 'the slow record finishes last: everything becomes committable', dispatched: [0, 1, 2, 3], finished: [2, 3, 0, 1], committable: 4, outstanding: 0 },
    { name: 'gaps in offsets (compaction, transaction markers)', dispatched: [5, 9, 12], finished: [5, 9], committable: 10, outstanding: 1 },
    { name: 'only the first record of a stalled tenant holds the commit', dispatched: [0, 1, 2, 3, 4], finished: [1, 2, 3, 4], committable: undefined, outstanding: 5 },
  ];
  it.each(cases)('$name', ({ dispatched, finished, committable, outstanding }) => {
    const ledger = new OffsetLedger();
    for (const o of dispatched) ledger.dispatch(BigInt(o));
    for (const o of finished) ledger.finish(BigInt(o));
    expect(ledger.committable()).toBe(committable === undefined ? undefined : BigInt(committable));
    expect(ledger.outstanding()).toBe(outstanding);
  });

  it('says when the committable position moved', () => {
    const ledger = new OffsetLedger();
    [0, 1].forEach((o) => ledger.dispatch(BigInt(o)));
    expect(ledger.finish(1n)).toBe(false);
    expect(ledger.finish(0n)).toBe(true);
  });

  it('refuses offsets out of log order (a record dispatched twice would be applied twice)', () => {
    const ledger = new OffsetLedger();
    ledger.dispatch(3n);
    expect(() => ledger.dispatch(3n)).toThrow(/offset 3 dispatched after 3/);
  });

  it('stays correct over many records (its internal list is compacted)', () => {
    const ledger = new OffsetLedger();
    for (let o = 0; o < 5000; o++) ledger.dispatch(BigInt(o));
    for (let o = 0; o < 5000; o++) if (o !== 4000) ledger.finish(BigInt(o));
    expect(ledger.committable()).toBe(4000n);
    ledger.finish(4000n);
    expect(ledger.committable()).toBe(5000n);
    expect(ledger.outstanding()).toBe(0);
  });
});
