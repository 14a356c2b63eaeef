import { mayPostAnother, mustWaitForInFlight, queueBehindRunning } from './canvas-import-queue';

describe('how many imports of a root account the loader keeps in flight', () => {
  it.each([
    { unfinished: 0, setting: 2, may: true },
    { unfinished: 1, setting: 2, may: true }, // queued behind the running one
    { unfinished: 2, setting: 2, may: false },
    { unfinished: 0, setting: 1, may: true },
    { unfinished: 1, setting: 1, may: false }, // strictly one after the other
    { unfinished: 2, setting: 5, may: false }, // never more than one queued, whatever the setting
    { unfinished: 0, setting: 0, may: true },
  ])('$unfinished unfinished, setting $setting → may post another: $may', ({ unfinished, setting, may }) => {
    expect(mayPostAnother(unfinished, setting)).toBe(may);
  });

  it.each([
    { unfinished: 0, gated: 3, wait: false },
    { unfinished: 1, gated: 3, wait: true },
    { unfinished: 1, gated: 0, wait: false },
  ])('a batch with $gated gated rows while $unfinished import(s) run waits: $wait', ({ unfinished, gated, wait }) => {
    expect(mustWaitForInFlight(unfinished, gated)).toBe(wait);
  });

  it.each([
    { count: 10, full: false, running: undefined, queue: true }, // nothing running: as soon as due
    { count: 0, full: false, running: undefined, queue: false },
    { count: 50_000, full: true, running: { progress: 0 }, queue: true }, // a full batch queues at once
    { count: 10, full: false, running: { progress: 10 }, queue: false }, // a partial one waits…
    { count: 10, full: false, running: { progress: 50 }, queue: true }, // …until the running import is half done
  ])('a due batch of $count rows (full: $full) behind $running is posted now: $queue', ({ count, full, running, queue }) => {
    expect(queueBehindRunning({ count, full }, running)).toBe(queue);
  });
});
