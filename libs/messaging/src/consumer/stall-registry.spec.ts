import { StallRegistry } from './stall-registry';

describe('StallRegistry', () => {
  let now = new Date('2026-12-07T10:00:00Z');
  const clock = () => now;
  const facts = { tenant: 'acme', cause: 'ic' as const, topic: 'oneroster.gradebook-writes', partition: 2, lastError: 'IC answered 503' };

  it('measures a stall from its first failure, reports it, and keeps the pair at 0 after recovery', () => {
    const stalls = new StallRegistry('gradebook-writer', clock);
    stalls.failed('p2|acme', facts);
    now = new Date(now.getTime() + 75_000);
    stalls.failed('p2|acme', facts);
    expect(stalls.metrics()).toEqual([{ stage: 'gradebook-writer', tenant: 'acme', cause: 'ic', seconds: 75 }]);
    expect(stalls.describe()).toBe('tenant acme waiting for ic since 2026-12-07T10:00:00.000Z (75 s, 2 retries, oneroster.gradebook-writes[2]): IC answered 503');

    expect(stalls.ended('p2|acme')?.attempts).toBe(2);
    expect(stalls.metrics()).toEqual([{ stage: 'gradebook-writer', tenant: 'acme', cause: 'ic', seconds: 0 }]);
    expect(stalls.describe()).toBe('');
  });

  it('keeps tenants apart: one tenant stalled does not show on another', () => {
    const stalls = new StallRegistry('loader', clock);
    stalls.failed('p0|acme', facts);
    stalls.failed('p0|beta', { ...facts, tenant: 'beta', cause: 'canvas' });
    stalls.ended('p0|beta');
    expect(stalls.list().map((s) => s.tenant)).toEqual(['acme']);
  });
});
