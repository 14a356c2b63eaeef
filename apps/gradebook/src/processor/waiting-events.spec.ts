import { WaitingEvents } from './waiting-events';

const record = (tenant: string, body: string) => ({ tenant, eventName: 'grade_change', eventTime: '2026-11-21T10:00:00Z', metadata: '{}', body });

describe('WaitingEvents', () => {
  it('wakes the events waiting on a class, oldest first, once; other classes and tenants keep waiting', () => {
    const waiting = new WaitingEvents();
    waiting.park(record('acme', 'a'), ['c:crs-1']);
    waiting.park(record('acme', 'b'), ['s:cls-2', 'c:crs-2']);
    waiting.park(record('acme', 'c'), ['c:crs-1']);
    waiting.park(record('globex', 'd'), ['c:crs-1']);
    expect(waiting.wake('acme', ['c:crs-1']).map((w) => w.record.body)).toEqual(['a', 'c']);
    expect(waiting.wake('acme', ['c:crs-1'])).toEqual([]);
    expect(waiting.wake('acme', ['c:crs-2']).map((w) => w.record.body)).toEqual(['b']);
    expect([waiting.count('acme'), waiting.count('globex')]).toEqual([0, 1]);
  });

  it('keeps one entry per event however often it waits, and drops the oldest past its bound', () => {
    const waiting = new WaitingEvents(2);
    waiting.park(record('acme', 'a'), ['c:1']);
    waiting.park(record('acme', 'a'), ['c:1']);
    waiting.park(record('acme', 'b'), ['c:1']);
    waiting.park(record('acme', 'c'), ['c:1']);
    expect(waiting.wake('acme', ['c:1']).map((w) => w.record.body)).toEqual(['b', 'c']);
  });

  it('puts a woken event back after a failed batch unless it already waits again', () => {
    const waiting = new WaitingEvents();
    waiting.park(record('acme', 'a'), ['c:1']);
    const [woken] = waiting.wake('acme', ['c:1']);
    waiting.park(woken.record, ['c:2']);
    waiting.park(woken.record, woken.keys, true);
    expect(waiting.wake('acme', ['c:1'])).toEqual([]);
    expect(waiting.wake('acme', ['c:2']).map((w) => w.record.body)).toEqual(['a']);
  });
});
