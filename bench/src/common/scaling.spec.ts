import { scalingSteps } from './scaling';

describe('growth with size', () => {
  it('compares each scale with the one before: ×records, ×time, per-record cost and ×peak RSS', () => {
    const steps = scalingSteps([
      { scale: '5k', records: 1_000, ms: 100, peakRssMiB: 100 },
      { scale: '50k', records: 10_000, ms: 1_000, peakRssMiB: 150 },
      { scale: '400k', records: 80_000, ms: 16_000, peakRssMiB: 600 },
    ]);
    expect(steps).toEqual([
      { from: '5k', to: '50k', recordsRatio: 10, timeRatio: 10, perRecordCostRatio: 1, peakRssRatio: 1.5 },
      { from: '50k', to: '400k', recordsRatio: 8, timeRatio: 16, perRecordCostRatio: 2, peakRssRatio: 4 },
    ]);
  });

  it('has nothing to compare with a single scale', () => {
    expect(scalingSteps([{ scale: '5k', records: 1, ms: 1, peakRssMiB: 1 }])).toEqual([]);
  });
});
