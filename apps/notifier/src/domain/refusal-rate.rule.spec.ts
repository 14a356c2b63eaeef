import { RefusalRateRule } from './refusal-rate.rule';

const WINDOW = 60_000;
const T0 = Date.parse('2026-12-07T10:00:00Z');

/** Feeds outcomes ('w' written, 'r' refused) one second apart from `startMs`; returns the notifications' titles. */
function feed(rule: RefusalRateRule, tenant: string, outcomes: string, startMs = T0): string[] {
  const out: string[] = [];
  [...outcomes].forEach((o, i) => {
    const n = rule.observe(tenant, o === 'r' ? 'refused' : 'written', new Date(startMs + i * 1000));
    if (n) out.push(n.title);
  });
  return out;
}

describe('RefusalRateRule (passback refusals above a rate notify once per window)', () => {
  const settings = { windowMs: WINDOW, minWrites: 5, maxRefusedRate: 0.4 };

  it.each([
    ['below the minimum number of writes, even all refused', 'rrrr', 0],
    ['enough writes, rate below the threshold', 'wwwwwwr', 0],
    ['enough writes, rate at the threshold', 'wwwrr', 1],
    ['rate above the threshold', 'rrrrrrrrrr', 1],
    ['the threshold crossed late in the window', 'wwwwwwrrrrr', 1],
  ] as const)('%s → %i notification(s)', (_why, outcomes, count) => {
    expect(feed(new RefusalRateRule(settings), 'acme', outcomes)).toHaveLength(count);
  });

  it('names the tenant and the share refused', () => {
    expect(feed(new RefusalRateRule(settings), 'acme', 'wwwrr')).toEqual(['tenant acme: IC refused 40% of grade writes since 2026-12-07T10:00:00.000Z']);
  });

  it('a new window counts afresh and may notify again, with another key', () => {
    const rule = new RefusalRateRule(settings);
    const keys = [T0, T0 + WINDOW].flatMap((start) =>
      [...'rrrrr'].map((_, i) => rule.observe('acme', 'refused', new Date(start + i * 1000))?.key).filter(Boolean));
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('tenants are counted apart', () => {
    const rule = new RefusalRateRule(settings);
    expect(feed(rule, 'acme', 'rrr')).toHaveLength(0);
    expect(feed(rule, 'globex', 'ww')).toHaveLength(0);
    expect(feed(rule, 'acme', 'ww', T0 + 5000)).toHaveLength(1);
  });

  it('the same outcomes replayed give the same key (so the notification is stored once)', () => {
    const keyOf = () => {
      const rule = new RefusalRateRule(settings);
      return [...'rrrrr'].map((_, i) => rule.observe('acme', 'refused', new Date(T0 + i * 1000))?.key).find(Boolean);
    };
    expect(keyOf()).toBeDefined();
    expect(keyOf()).toBe(keyOf());
  });

  it('a late outcome of a closed window neither notifies nor resets the current one', () => {
    const rule = new RefusalRateRule(settings);
    expect(feed(rule, 'acme', 'rrrr', T0 + WINDOW)).toHaveLength(0);
    expect(rule.observe('acme', 'refused', new Date(T0))).toBeUndefined();
    expect(feed(rule, 'acme', 'r', T0 + WINDOW + 10_000)).toHaveLength(1);
  });
});
