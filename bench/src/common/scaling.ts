/** How cost grows between consecutive scales: records ×, time ×, and per-record cost × (1.0 = linear). */
export interface ScalingStep {
  from: string;
  to: string;
  recordsRatio: number;
  timeRatio: number;
  /** timeRatio / recordsRatio: 1.0 means cost grows linearly with the district. */
  perRecordCostRatio: number;
  peakRssRatio: number;
}

export interface ScalePoint {
  scale: string;
  records: number;
  ms: number;
  peakRssMiB: number;
}

/** Ratios between each scale and the one before it (e.g. 50k/5k, 400k/50k). */
export function scalingSteps(points: readonly ScalePoint[]): ScalingStep[] {
  return points.slice(1).map((to, i) => {
    const from = points[i];
    const recordsRatio = to.records / from.records;
    const timeRatio = to.ms / from.ms;
    return {
      from: from.scale,
      to: to.scale,
      recordsRatio,
      timeRatio,
      perRecordCostRatio: timeRatio / recordsRatio,
      peakRssRatio: to.peakRssMiB / from.peakRssMiB,
    };
  });
}
