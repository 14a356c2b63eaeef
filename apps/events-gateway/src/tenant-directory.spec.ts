import { type GatewayTenant, matchTenant, TenantDirectory } from './tenant-directory';

const tenant = (id: string, rootAccountId: string, baseUrl = `https://${id}.instructure.com`): GatewayTenant => ({
  id, rootAccountId, baseUrl, liveEventsJwksUrl: 'https://jwks.test/keys',
});
const meta = (fields: Record<string, unknown>) => ({ event_name: 'grade_change', event_time: '2026-01-01T00:00:00Z', ...fields });

describe('matchTenant', () => {
  const acme = tenant('acme', '1', 'https://acme.instructure.com');
  const globex = tenant('globex', '1', 'https://globex.instructure.com');

  it('maps a global root account id to the tenant configured with the local id', () => {
    const match = matchTenant([acme], meta({ root_account_id: '21070000000000001' }));
    expect(match).toEqual({ kind: 'tenant', tenant: acme });
  });

  it('prefers a tenant configured with the exact global id or uuid over local-id matches', () => {
    const byGlobal = tenant('byglobal', '31070000000000001', 'https://shared.test');
    const byUuid = tenant('byuuid', 'uuid-42', 'https://shared.test');
    expect(matchTenant([acme, byGlobal], meta({ root_account_id: '31070000000000001' }))).toMatchObject({ tenant: { id: 'byglobal' } });
    expect(matchTenant([acme, byUuid], meta({ root_account_id: '41070000000000001', root_account_uuid: 'uuid-42' }))).toMatchObject({ tenant: { id: 'byuuid' } });
  });

  it('a tenant configured with a global id does not take another shard’s events', () => {
    const byGlobal = tenant('byglobal', '31070000000000001');
    expect(matchTenant([byGlobal], meta({ root_account_id: '21070000000000001' })).kind).toBe('unknown');
  });

  it('tells tenants with the same local id apart by the Canvas host (hostname, else the lti guid suffix)', () => {
    expect(matchTenant([acme, globex], meta({ root_account_id: '21070000000000001', hostname: 'globex.instructure.com' })))
      .toMatchObject({ tenant: { id: 'globex' } });
    expect(matchTenant([acme, globex], meta({ root_account_id: '21070000000000001', root_account_lti_guid: 'abc.acme.instructure.com' })))
      .toMatchObject({ tenant: { id: 'acme' } });
  });

  it('refuses to guess between tenants it cannot tell apart, naming them and the fix', () => {
    const match = matchTenant([acme, globex], meta({ root_account_id: '21070000000000001', hostname: 'other.test' }));
    expect(match.kind).toBe('ambiguous');
    expect(match.kind !== 'tenant' && match.reason).toMatch(/acme, globex.*global id or the root account uuid/);
  });

  it('reports an unknown account, and an event naming no account', () => {
    expect(matchTenant([acme], meta({ root_account_id: '21070000000000002' }))).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('21070000000000002') });
    expect(matchTenant([acme], meta({}))).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('names no root account') });
  });
});

describe('TenantDirectory', () => {
  function directory(lists: GatewayTenant[][], options: { refreshMs?: number; missCooldownMs?: number } = {}) {
    let now = 0;
    let loads = 0;
    const dir = new TenantDirectory({
      load: async () => {
        const list = lists[Math.min(loads, lists.length - 1)];
        loads += 1;
        if (!list) throw new Error('database down');
        return list;
      },
      refreshMs: options.refreshMs ?? 60_000,
      missCooldownMs: options.missCooldownMs ?? 5000,
      clock: () => now,
      onError: () => undefined,
    });
    return { dir, advance: (ms: number) => (now += ms), loads: () => loads };
  }
  const event = meta({ root_account_id: '21070000000000001' });

  it('finds a tenant added after the last load by reloading on a miss', async () => {
    const { dir, loads } = directory([[], [tenant('acme', '1')]]);
    await dir.reload();
    expect(await dir.resolve(event)).toMatchObject({ kind: 'tenant', tenant: { id: 'acme' } });
    expect(loads()).toBe(2);
  });

  it('reloads at most once per cooldown for unknown accounts', async () => {
    const { dir, advance, loads } = directory([[tenant('acme', '1')]]);
    await dir.reload();
    const stranger = meta({ root_account_id: '21070000000000009' });
    await dir.resolve(stranger);
    await dir.resolve(stranger);
    expect(loads()).toBe(2);
    advance(5000);
    await dir.resolve(stranger);
    expect(loads()).toBe(3);
  });

  it('refreshes periodically, and keeps the last good list when a reload fails', async () => {
    const lists = [[tenant('acme', '1')], undefined as unknown as GatewayTenant[]];
    const { dir, advance, loads } = directory(lists, { refreshMs: 1000 });
    await dir.reload();
    advance(1000);
    expect(await dir.resolve(event)).toMatchObject({ kind: 'tenant', tenant: { id: 'acme' } });
    expect(loads()).toBe(2);
  });

  it('drops a tenant that is no longer active after the periodic refresh', async () => {
    const { dir, advance } = directory([[tenant('acme', '1')], []], { refreshMs: 1000, missCooldownMs: 0 });
    await dir.reload();
    advance(1000);
    expect((await dir.resolve(event)).kind).toBe('unknown');
  });
});
