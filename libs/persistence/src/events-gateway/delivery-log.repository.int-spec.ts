import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source.factory';
import { DeliveryLogRepository } from './delivery-log.repository';
import { eventsGatewayStore } from './events-gateway.store';

describe('DeliveryLogRepository on PostgreSQL (the gateway\'s replay guard)', () => {
  const schema = uniqueName('gw_deliveries').replace(/[^a-z0-9]/g, '_');
  let ds: DataSource;
  let now: Date;
  let log: DeliveryLogRepository;
  const at = (iso: string) => (now = new Date(iso));

  beforeAll(async () => {
    ds = createDataSource({ url: testServices().databaseUrl, store: eventsGatewayStore, schema });
    await ds.initialize();
    await runMigrations(ds);
  });

  beforeEach(() => {
    at('2026-03-02T10:00:00Z');
    log = new DeliveryLogRepository(ds, () => now, 0);
  });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  it('claims an event once per tenant; a second claim (a replay) is refused, another tenant\'s is its own', async () => {
    expect(await log.claim('acme', 'id-1', 3600)).toBe(true);
    expect(await log.claim('acme', 'id-1', 3600)).toBe(false);
    expect(await log.claim('globex', 'id-1', 3600)).toBe(true);
  });

  it('serialises concurrent deliveries of one event: exactly one claim wins', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => log.claim('acme', 'id-race', 3600)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('claims the deliveries in flight together: each distinct event exactly once, every repeat refused, tenants apart', async () => {
    const deliveries = Array.from({ length: 60 }, (_, i) => ({ tenant: i % 3 === 0 ? 'globex' : 'acme', identity: `burst-${i % 20}` }));
    const claims = await Promise.all(deliveries.map((d) => log.claim(d.tenant, d.identity, 3600)));
    const won = deliveries.filter((_, i) => claims[i]).map((d) => `${d.tenant}|${d.identity}`);
    expect(won).toHaveLength(new Set(won).size);
    expect(new Set(won)).toEqual(new Set(deliveries.map((d) => `${d.tenant}|${d.identity}`)));
    expect(await Promise.all(deliveries.map((d) => log.claim(d.tenant, d.identity, 3600)))).toEqual(deliveries.map(() => false));
  });

  it('a released claim (its publish failed) can be claimed again by the retry', async () => {
    expect(await log.claim('acme', 'id-2', 3600)).toBe(true);
    await log.release('acme', 'id-2');
    expect(await log.claim('acme', 'id-2', 3600)).toBe(true);
  });

  it('an expired claim no longer blocks, and is purged', async () => {
    expect(await log.claim('acme', 'id-3', 60)).toBe(true);
    at('2026-03-02T10:00:30Z');
    expect(await log.claim('acme', 'id-3', 60)).toBe(false);
    at('2026-03-02T10:02:00Z');
    expect(await log.claim('acme', 'id-3', 60)).toBe(true); // re-claimed for a new window
    at('2026-03-03T10:00:00Z');
    expect(await log.purge()).toBeGreaterThan(0);
    expect(await ds.query(`SELECT count(*)::int AS n FROM gateway_deliveries WHERE expires_at < $1`, [now])).toEqual([{ n: 0 }]);
  });
});
