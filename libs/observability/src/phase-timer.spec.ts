import { PhaseTimer } from './phase-timer';

describe('PhaseTimer', () => {
  it('gives each phase the time since the previous lap, adding up repeated phases', () => {
    const ticks = [0, 12.34, 20, 50.05];
    const timer = new PhaseTimer(() => ticks.shift() ?? 0);
    timer.lap('read');
    timer.lap('publish');
    timer.lap('read');
    expect(timer.laps).toEqual({ read: 42.4, publish: 7.7 });
  });

  it('marks a parallel branch ending without closing the phase the branches share', () => {
    const ticks = [0, 10, 25, 40];
    const timer = new PhaseTimer(() => ticks.shift() ?? 0);
    timer.lap('read');
    timer.mark('publish');
    timer.lap('write');
    expect(timer.laps).toEqual({ read: 10, publish: 15, write: 30 });
  });
});
