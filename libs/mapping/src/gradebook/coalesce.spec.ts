import { coalesceResultCommands } from './coalesce';

interface Cmd {
  resultSourcedId?: string;
  canvasEventTime: string;
  score?: number;
  kind?: string;
}

const cmd = (id: string | undefined, time: string, score: number, kind = 'upsert'): Cmd => ({
  ...(id === undefined ? {} : { resultSourcedId: id }),
  canvasEventTime: time,
  score,
  kind,
});

describe('coalesceResultCommands', () => {
  it.each<[string, Cmd[], Array<[string | undefined, number]>]>([
    ['single command kept', [cmd('r1', '2024-10-16T14:00:00Z', 5)], [['r1', 5]]],
    ['latest by Canvas time, not arrival', [cmd('r1', '2024-10-16T14:05:00Z', 9), cmd('r1', '2024-10-16T14:00:00Z', 5)], [['r1', 9]]],
    ['in-order arrival', [cmd('r1', '2024-10-16T14:00:00Z', 5), cmd('r1', '2024-10-16T14:05:00Z', 9)], [['r1', 9]]],
    ['millisecond precision', [cmd('r1', '2024-10-16T14:00:00.999Z', 7), cmd('r1', '2024-10-16T14:00:00.998Z', 6)], [['r1', 7]]],
    ['time zones compared as instants', [cmd('r1', '2024-10-16T09:30:00-05:00', 8), cmd('r1', '2024-10-16T14:00:00Z', 5)], [['r1', 8]]],
    ['equal times: the later arrival wins', [cmd('r1', '2024-10-16T14:00:00Z', 5), cmd('r1', '2024-10-16T14:00:00Z', 6)], [['r1', 6]]],
    [
      'each result coalesced separately, order of winners kept',
      [
        cmd('r1', '2024-10-16T14:00:00Z', 1),
        cmd('r2', '2024-10-16T14:03:00Z', 2),
        cmd('r1', '2024-10-16T14:02:00Z', 3),
        cmd('r2', '2024-10-16T14:01:00Z', 4),
      ],
      [['r2', 2], ['r1', 3]],
    ],
    [
      'commands without a result id are never merged',
      [cmd(undefined, '2024-10-16T14:00:00Z', 1), cmd(undefined, '2024-10-16T14:00:00Z', 2)],
      [[undefined, 1], [undefined, 2]],
    ],
    ['empty input', [], []],
  ])('%s', (_case, commands, expected) => {
    expect(coalesceResultCommands(commands).map((c) => [c.resultSourcedId, c.score])).toEqual(expected);
  });

  it('lets a later hold (grade hidden again) replace an earlier upsert', () => {
    const out = coalesceResultCommands([cmd('r1', '2024-10-16T14:00:00Z', 5, 'upsert'), cmd('r1', '2024-10-16T15:00:00Z', 5, 'hold')]);
    expect(out.map((c) => c.kind)).toEqual(['hold']);
  });

  it('refuses an event time that is not a date', () => {
    expect(() => coalesceResultCommands([cmd('r1', 'soon', 1)])).toThrow(/not an ISO 8601/);
  });
});
