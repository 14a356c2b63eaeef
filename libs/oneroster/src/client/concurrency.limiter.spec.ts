import { PeakHoursSettings, TenantConcurrencyLimiter, isPeakTime } from './concurrency.limiter';
import { FakeClock } from './fake-provider.test-helper';

const chicagoSchoolDays: PeakHoursSettings = {
  timeZone: 'America/Chicago',
  windows: [{ days: [1, 2, 3, 4, 5], start: '07:00', end: '16:00' }, { start: '22:00', end: '02:00' }],
};

describe('isPeakTime', () => {
  it.each([
    ['Monday 08:00 Chicago (13:00Z)', '2024-09-02T13:00:00Z', true],
    ['Monday 06:59 Chicago', '2024-09-02T11:59:00Z', false],
    ['Monday 16:00 Chicago (end exclusive)', '2024-09-02T21:00:00Z', false],
    ['Saturday 10:00 Chicago', '2024-09-07T15:00:00Z', false],
    ['Saturday 23:00 Chicago (window across midnight)', '2024-09-08T04:00:00Z', true],
    ['Sunday 01:30 Chicago (after midnight)', '2024-09-08T06:30:00Z', true],
    ['Monday 08:00 UTC is 03:00 Chicago', '2024-09-02T08:00:00Z', false],
  ])('%s → %s', (_case, instant, expected) => {
    expect(isPeakTime(Date.parse(instant), chicagoSchoolDays)).toBe(expected);
  });
});

describe('TenantConcurrencyLimiter', () => {
  async function peakConcurrency(limiter: TenantConcurrencyLimiter, tasks: number): Promise<number> {
    let active = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const runs = Array.from({ length: tasks }, () =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active--;
      }),
    );
    // Release tasks one by one until all have run.
    for (let released = 0; released < tasks; released++) {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(runs);
    return peak;
  }

  it('allows 5 concurrent requests per tenant by default', async () => {
    expect(await peakConcurrency(new TenantConcurrencyLimiter({}, new FakeClock()), 12)).toBe(5);
  });

  it('honours a configured limit', async () => {
    expect(await peakConcurrency(new TenantConcurrencyLimiter({ limit: 3 }, new FakeClock()), 8)).toBe(3);
  });

  it('drops to the peak-hours limit inside a window (serial requests by default)', async () => {
    const clock = new FakeClock(Date.parse('2024-09-02T13:00:00Z'));
    const limiter = new TenantConcurrencyLimiter({ limit: 5, peakHours: chicagoSchoolDays }, clock);
    expect(limiter.currentLimit()).toBe(1);
    expect(await peakConcurrency(limiter, 4)).toBe(1);
    clock.time = Date.parse('2024-09-07T15:00:00Z');
    expect(limiter.currentLimit()).toBe(5);
  });
});
