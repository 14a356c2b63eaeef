import { TenantConcurrencyLimiter } from '@rp/oneroster';
import type { TenantConnection } from '@rp/persistence';
import { rosteringSettings } from './oneroster-client.factory';

const tenant = (schedule: Record<string, unknown>) => ({
  id: 'acme',
  ic: { baseUrl: 'http://ic.test/ims/oneroster/rostering/v1p2', tokenUrl: 'http://ic.test/token', clientId: 'c', clientSecret: 's', maxConcurrentRequests: 5 },
  schedule,
}) as unknown as TenantConnection;

describe("the extractor's IC concurrency in the tenant's peak hours", () => {
  const schedule = { timeZone: 'America/Chicago', peakHours: { from: '07:00', to: '15:00', days: 'Mon-Fri' } };
  const limitAt = (settings: ReturnType<typeof rosteringSettings>, iso: string) =>
    new TenantConcurrencyLimiter(settings.concurrency ?? {}, { now: () => Date.parse(iso), sleep: async () => undefined }).currentLimit();

  it.each([
    ['Thursday 07:00 CST: serial', '2026-01-15T13:00:00Z', 1],
    ['Thursday 14:59 CST: serial', '2026-01-15T20:59:00Z', 1],
    ['Thursday 15:00 CST: the tenant limit again', '2026-01-15T21:00:00Z', 5],
    ['Thursday 06:59 CST', '2026-01-15T12:59:00Z', 5],
    ['Saturday 10:00 CST: not a peak day', '2026-01-17T16:00:00Z', 5],
    ['Thursday 07:00 CDT in summer: serial', '2026-07-16T12:00:00Z', 1],
  ])('%s → %i', (_, now, expected) => {
    expect(limitAt(rosteringSettings(tenant(schedule)), now)).toBe(expected);
  });

  it('leaves the tenant limit alone without peak hours', () => {
    expect(limitAt(rosteringSettings(tenant({})), '2026-01-15T13:00:00Z')).toBe(5);
  });
});
