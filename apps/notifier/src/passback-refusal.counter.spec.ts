import type { GradebookWriteOutcomes } from '@rp/messaging';
import type { RefusalCountRow } from './domain/refusal-rate.rule';
import { PassbackRefusalCounter } from './passback-refusal.counter';

/** The windows' store as PostgreSQL keeps it: a key once, totals per tenant and window. */
function harness(settings: Record<string, Record<string, unknown>> = {}) {
  const rows = new Map<string, RefusalCountRow>();
  const counter = new PassbackRefusalCounter({
    settingsOf: async (tenants) => new Map(tenants.filter((t) => settings[t]).map((t) => [t, settings[t]])),
    record: async (list) => {
      for (const r of list) if (!rows.has(`${r.tenant}|${r.outcomeKey}`)) rows.set(`${r.tenant}|${r.outcomeKey}`, r);
      const touched = new Set(list.map((r) => `${r.tenant}|${r.windowStart}`));
      return [...touched].map((t) => {
        const [tenant, windowStart] = t.split('|');
        const of = [...rows.values()].filter((r) => r.tenant === tenant && r.windowStart === windowStart);
        return { tenant, windowStart, writes: of.reduce((n, r) => n + r.writes, 0), refused: of.reduce((n, r) => n + r.refused, 0) };
      });
    },
    clock: () => new Date('2026-12-07T10:20:00Z'),
  });
  return { counter };
}

const outcomes = (batchId: string, written: number, refused: string[], tenant = 'acme', at = '2026-12-07T10:16:00Z'): GradebookWriteOutcomes => ({
  tenant, batchId, at, written, refused: refused.map((sourcedId) => ({ kind: 'result', sourcedId, contentHash: `h-${sourcedId}`, reason: 'HTTP 422' })),
});
const refusals = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `r${from + i}`);

describe('PassbackRefusalCounter', () => {
  it('notifies a window once it has enough writes and the refused share reaches the tenant\'s threshold (defaults: 20 writes, 20 %)', async () => {
    const { counter } = harness();
    expect(await counter.notificationsOf([outcomes('b1', 10, refusals(3))])).toEqual([]); // 13 writes: too few
    const [n] = await counter.notificationsOf([outcomes('b2', 5, refusals(2, 3))]); // 20 writes, 5 refused = 25 %
    expect(n).toMatchObject({ kind: 'passback-refusals', tenant: 'acme', details: { windowStart: '2026-12-07T10:15:00.000Z', writes: '20', refused: '5' } });
  });

  it('a replayed record and a refusal repeated by a retried batch count once', async () => {
    const { counter } = harness();
    await counter.notificationsOf([outcomes('b1', 16, refusals(3))]);
    expect(await counter.notificationsOf([outcomes('b1', 16, refusals(3)), outcomes('b9', 0, refusals(3))])).toEqual([]); // still 19 writes
  });

  it('uses each tenant\'s own window and thresholds', async () => {
    const { counter } = harness({ strict: { refusalMinWrites: 2, refusalMaxPercent: 10, refusalWindowMinutes: 60 } });
    const found = await counter.notificationsOf([outcomes('b1', 9, refusals(1), 'strict'), outcomes('b2', 9, refusals(1), 'acme')]);
    expect(found.map((n) => [n.tenant, n.details.windowStart])).toEqual([['strict', '2026-12-07T10:00:00.000Z']]);
  });
});
