import type { LiveEventRoute } from '@rp/mapping';
import { groupByOrderingKey, liveEventOrderingKey, type RoutedLiveEvent } from './live-event-groups';

const result = (courseId: string | null, user: string): LiveEventRoute =>
  ({ kind: 'result', eventName: 'grade_change', eventTime: '2026-11-21T10:00:00Z', courseId, assignmentId: '7', canvasUserId: user, needs: [] }) as LiveEventRoute;
const ev = (tenant: string, route: LiveEventRoute): RoutedLiveEvent => ({ record: { tenant, eventName: route.eventName, eventTime: '', metadata: '{}', body: '{}' }, route });

describe('live event ordering groups', () => {
  it.each<[string, string, LiveEventRoute, string]>([
    ['a grade in a course', 'acme', result('5', '9'), 'acme|5'],
    ['the same course of another tenant', 'globex', result('5', '9'), 'globex|5'],
    ['an event naming no course', 'acme', result(null, '9'), 'acme|'],
    ['an ignored event', 'acme', { kind: 'ignored', eventName: 'logged_in', reason: 'x' } as LiveEventRoute, 'acme|'],
  ])('%s → %s', (_, tenant, route, key) => {
    expect(liveEventOrderingKey(tenant, route)).toBe(key);
  });

  it('keeps each course\'s events in arrival order and separates tenants and courses', () => {
    const events = [ev('acme', result('5', '1')), ev('acme', result('6', '2')), ev('globex', result('5', '3')), ev('acme', result('5', '4'))];
    const users = groupByOrderingKey(events).map((g) => g.map((e) => `${e.record.tenant}:${(e.route as { canvasUserId: string }).canvasUserId}`));
    expect(users).toEqual([['acme:1', 'acme:4'], ['acme:2'], ['globex:3']]);
  });
});
