import { createLogger } from '@rp/observability';
import { DailySummaryPorts, DailySummaryScheduler } from './daily-summary.scheduler';

function harness(nowIso: string) {
  let now = new Date(nowIso);
  const stored = new Map<string, { tenant: string; webhookId: string; title: string }>();
  const ports: DailySummaryPorts = {
    webhooks: async () => [
      { id: 'w1', tenant: 'acme', events: ['plan-held', 'daily-summary'] },
      { id: 'w2', tenant: 'acme', events: ['daily-summary'] },
      { id: 'w3', tenant: 'globex', events: ['plan-held'] },
    ],
    factsOf: async (tenant, day) => (tenant === 'acme' && day === '2026-12-06' ? [{ kind: 'run-completed', ref: 'r1' }] : []),
    enqueue: async (entries) => entries.filter((e) => !stored.has(e.deliveryId)).map((e) => {
      stored.set(e.deliveryId, { tenant: e.tenant, webhookId: e.webhookId, title: e.notification.title });
      return e.deliveryId;
    }),
    clock: () => now,
    logger: createLogger({ service: 'test', level: 'error' }),
  };
  return { stored, ports, scheduler: new DailySummaryScheduler(ports, 7), at: (iso: string) => (now = new Date(iso)) };
}

describe('DailySummaryScheduler', () => {
  it('before the hour nothing; after it, yesterday\'s summary to each subscribed webhook, once', async () => {
    const { stored, scheduler, at } = harness('2026-12-07T06:00:00Z');
    expect(await scheduler.runDue()).toBe(0);
    at('2026-12-07T07:00:05Z');
    expect(await scheduler.runDue()).toBe(2);
    expect([...stored.values()]).toEqual([
      { tenant: 'acme', webhookId: 'w1', title: 'tenant acme: 2026-12-06 — 1 run(s) completed, 0 failed, 0 plan(s) held' },
      { tenant: 'acme', webhookId: 'w2', title: 'tenant acme: 2026-12-06 — 1 run(s) completed, 0 failed, 0 plan(s) held' },
    ]);
    at('2026-12-07T09:00:00Z');
    expect(await scheduler.runDue()).toBe(0);
  });

  it('a restarted notifier stores nothing again for the same day (the outbox key)', async () => {
    const first = harness('2026-12-07T08:00:00Z');
    await first.scheduler.runDue();
    const restarted = new DailySummaryScheduler(first.ports, 7);
    expect(await restarted.runDue()).toBe(0);
    first.at('2026-12-08T07:30:00Z');
    expect(await restarted.runDue()).toBe(2);
  });
});
