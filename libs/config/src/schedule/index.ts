export * from './zoned-time';
export * from './time-of-day';
export * from './blackout';
export * from './peak-hours';
export * from './sync-pause';
