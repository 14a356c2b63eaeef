import { busyShare, parseMachineTicks, parseProcessCpuSeconds } from './cpu-usage';

describe('scale-out CPU accounting', () => {
  it('reads utime + stime of a process, even when its name holds spaces and parentheses', () => {
    const stat = '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 266 0 0 20 0 11 0 500 1000 100 0';
    expect(parseProcessCpuSeconds(stat)).toBe(15);
  });

  it('counts idle and iowait as not busy, and gives the busy share between two snapshots', () => {
    const before = parseMachineTicks('cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3');
    const after = parseMachineTicks('cpu  250 0 150 800 100 0 0 0 0 0\n');
    expect(before).toEqual({ busy: 200, total: 1000 });
    expect(busyShare(before, after)).toBeCloseTo(200 / 300);
  });
});
