import { parseStatusKiB, parseVmHwmKiB, percentile, perSecond, round, vmHwmMiB, vmRssMiB } from './measure';

describe('measurements', () => {
  it('reads the peak RSS line of /proc/<pid>/status', () => {
    expect(parseVmHwmKiB('Name:\tnode\nVmPeak:\t  999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1000 kB\n')).toBe(204_800);
    expect(() => parseVmHwmKiB('Name:\tnode\n')).toThrow('no VmHWM');
    expect(parseStatusKiB('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t 1000 kB\n', 'VmRSS')).toBe(1_000);
  });

  it('knows this process has a resident peak and an exited one has none', () => {
    expect(vmHwmMiB(process.pid)).toBeGreaterThan(10);
    expect(vmHwmMiB(2 ** 30)).toBeUndefined();
    expect(vmRssMiB(process.pid)).toBeGreaterThan(10);
    expect(vmRssMiB(2 ** 30)).toBeUndefined();
  });

  it('computes rates and rounds for reports', () => {
    expect(perSecond(1_000, 500)).toBe(2_000);
    expect(perSecond(1_000, 0)).toBe(0);
    expect(round(12_345.6)).toBe(12_346);
    expect(round(0.012345)).toBe(0.0123);
  });

  it('takes nearest-rank percentiles, whatever the order of the samples', () => {
    const samples = [50, 10, 40, 20, 30, 100, 90, 80, 70, 60];
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(100);
    expect(percentile(samples, 10)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
