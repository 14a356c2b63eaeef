import { createLogger } from '@rp/observability';
import { DailySummaryPorts, DailySummaryScheduler } from './daily-summary.scheduler';

interface Fact { tenant: string; kind: string; ref: string; at: string }

function harness(nowIso: string, facts: Fact[], zones: Record<string, string> = {}) {
  let now = new Date(nowIso);
  const stored = new Map<string, { tenant: string; webhookId: string; title: string }>();
  const ports: DailySummaryPorts = {
    webhooks: async () => [
      { id: 'w1', tenant: 'acme', events: ['plan-held', 'daily-summary'] },
      { id: 'w2', tenant: 'acme', events: ['daily-summary'] },
      { id: 'w3', tenant: 'globex', events: ['plan-held'] },
      ...(zones.initech ? [{ id: 'w4', tenant: 'initech', events: ['daily-summary'] }] : []),
    ],
    timeZones: async (tenants) => new Map(tenants.filter((t) => zones[t]).map((t) => [t, zones[t]])),
    factsBetween: async (tenant, from, to) => facts.filter((f) => f.tenant === tenant && Date.parse(f.at) >= from.getTime() && Date.parse(f.at) < to.getTime()),
    enqueue: async (entries) => entries.filter((e) => !stored.has(e.deliveryId)).map((e) => {
      stored.set(e.deliveryId, { tenant: e.tenant, webhookId: e.webhookId, title: e.notification.title });
      return e.deliveryId;
    }),
    clock: () => now,
    logger: createLogger({ service: 'test', level: 'error' }),
  };
  return { stored, ports, scheduler: new DailySummaryScheduler(ports, 7), at: (iso: string) => (now = new Date(iso)) };
}

const titles = (stored: Map<string, { tenant: string; title: string }>, tenant: string) =>
  [...new Set([...stored.values()].filter((s) => s.tenant === tenant).map((s) => s.title))];

describe('DailySummaryScheduler', () => {
  const utcFacts = [{ tenant: 'acme', kind: 'run-completed', ref: 'r1', at: '2026-12-06T10:00:00Z' }];

  it('before the hour nothing; after it, yesterday\'s summary to each subscribed webhook, once', async () => {
    const { stored, scheduler, at } = harness('2026-12-07T06:00:00Z', utcFacts, { initech: 'Asia/Tokyo' });
    at('2026-12-07T06:30:00Z'); // 15:30 in Tokyo: initech's is due, acme (UTC) waits for 07:00
    expect(await scheduler.runDue()).toBe(1);
    at('2026-12-07T07:00:05Z');
    expect(await scheduler.runDue()).toBe(2);
    expect([...stored.values()].filter((s) => s.tenant === 'acme')).toEqual([
      { tenant: 'acme', webhookId: 'w1', title: 'tenant acme: 2026-12-06 — 1 run(s) completed, 0 failed, 0 plan(s) held' },
      { tenant: 'acme', webhookId: 'w2', title: 'tenant acme: 2026-12-06 — 1 run(s) completed, 0 failed, 0 plan(s) held' },
    ]);
    at('2026-12-07T09:00:00Z');
    expect(await scheduler.runDue()).toBe(0);
  });

  it('a restarted notifier stores nothing again for the same day (the outbox key)', async () => {
    const first = harness('2026-12-07T08:00:00Z', utcFacts);
    await first.scheduler.runDue();
    const restarted = new DailySummaryScheduler(first.ports, 7);
    expect(await restarted.runDue()).toBe(0);
    first.at('2026-12-08T07:30:00Z');
    expect(await restarted.runDue()).toBe(2);
  });

  it('fires at 07:00 local across the change to standard time and counts the facts of the 25-hour local day', async () => {
    const chicago = { acme: 'America/Chicago' };
    const facts: Fact[] = [
      { tenant: 'acme', kind: 'run-completed', ref: 'oct31-late', at: '2026-11-01T04:30:00Z' }, // 23:30 CDT on Oct 31
      { tenant: 'acme', kind: 'run-completed', ref: 'nov1-early', at: '2026-11-01T05:30:00Z' }, // 00:30 CDT on Nov 1
      { tenant: 'acme', kind: 'run-failed', ref: 'nov1-repeated-hour', at: '2026-11-01T07:30:00Z' }, // 01:30 CST, the hour lived twice
      { tenant: 'acme', kind: 'plan-held', ref: 'nov1-late', at: '2026-11-02T05:30:00Z' }, // 23:30 CST on Nov 1 (UTC: the 2nd)
      { tenant: 'acme', kind: 'run-completed', ref: 'nov2', at: '2026-11-02T06:30:00Z' }, // 00:30 CST on Nov 2
    ];
    const { stored, scheduler, at } = harness('2026-10-31T11:59:00Z', facts, chicago);
    expect(await scheduler.runDue()).toBe(0); // 06:59 CDT
    at('2026-10-31T12:00:00Z'); // 07:00 CDT
    expect(await scheduler.runDue()).toBe(2);
    at('2026-11-01T12:00:00Z'); // 06:00 CST: the same UTC hour as yesterday is an hour early now
    expect(await scheduler.runDue()).toBe(0);
    at('2026-11-01T13:00:00Z'); // 07:00 CST
    expect(await scheduler.runDue()).toBe(2);
    at('2026-11-02T13:00:00Z');
    expect(await scheduler.runDue()).toBe(2);
    expect(titles(stored, 'acme')).toEqual([
      'tenant acme: 2026-10-30 — 0 run(s) completed, 0 failed, 0 plan(s) held',
      'tenant acme: 2026-10-31 — 1 run(s) completed, 0 failed, 0 plan(s) held',
      'tenant acme: 2026-11-01 — 1 run(s) completed, 1 failed (nov1-repeated-hour), 1 plan(s) held (nov1-late)',
    ]);
  });
});
