import { type GatewayTenant, matchTenant, TenantDirectory } from './tenant-directory';

const tenant = (id: string, rootAccountId: string, baseUrl = `https://${id}.instructure.com`): GatewayTenant => ({
  id, rootAccountId, baseUrl, liveEventsJwksUrl: 'https://jwks.test/keys',
});
const meta = (fields: Record<string, unknown>) => ({ event_name: 'grade_change', event_time: '2026-01-01T00:00:00Z', ...fields });

describe('matchTenant', () => {
  const UUID = 'VicYj3cu5BIFpoZhDVU4DZumnlBrWi1grgJEzADs';
  const OTHER_UUID = 'Zzz9j3cu5BIFpoZhDVU4DZumnlBrWi1grgJEzADs';
  /** What Canvas puts in every event's metadata about the root account (acme.instructure.com, shard 2107). */
  const acmeEvent = { root_account_id: '21070000000000001', root_account_uuid: UUID, root_account_lti_guid: `7db4.acme.instructure.com` };
  /** Another Canvas instance whose root account has the same local (and even global) id. */
  const otherInstance = { root_account_id: '21070000000000001', root_account_uuid: OTHER_UUID, root_account_lti_guid: '9abc.evil.example.com', hostname: 'evil.example.com' };

  it.each([
    ['the root account uuid', tenant('acme', UUID), acmeEvent, 'acme'],
    ['rootAccountUuid next to a local REST id', { ...tenant('acme', '1'), rootAccountUuid: UUID }, acmeEvent, 'acme'],
    ['rootAccountUuid, refusing another instance', { ...tenant('acme', '1'), rootAccountUuid: UUID }, otherInstance, undefined],
    ['the global id on the same host', tenant('acme', '21070000000000001'), acmeEvent, 'acme'],
    ['the global id: host from hostname when the lti guid has none', tenant('acme', '21070000000000001'), { root_account_id: '21070000000000001', hostname: 'acme.instructure.com' }, 'acme'],
    ['the uuid, refusing another instance', tenant('acme', UUID), otherInstance, undefined],
    ['the global id, refusing the same global id on another host', tenant('acme', '21070000000000001'), otherInstance, undefined],
    ['the global id, refusing another shard', tenant('acme', '31070000000000001'), acmeEvent, undefined],
    ['a local id alone: never, even from its own instance', tenant('acme', '1'), acmeEvent, undefined],
    ['a local id alone: never from another instance', tenant('acme', '1'), otherInstance, undefined],
    ['the global id with no host in the event', tenant('acme', '21070000000000001'), { root_account_id: '21070000000000001' }, undefined],
  ])('matches on %s', (_what, configured, metadata, expected) => {
    const match = matchTenant([configured], meta(metadata));
    expect(match.kind === 'tenant' ? match.tenant.id : undefined).toBe(expected);
  });

  it('tells the sender what is wrong without naming a tenant, and logs the fix for a local-id tenant', () => {
    const match = matchTenant([tenant('acme', '1')], meta(otherInstance));
    expect(match).toMatchObject({ kind: 'unknown', reason: `no tenant is configured for Canvas root account ${OTHER_UUID} on evil.example.com` });
    expect(match.kind !== 'tenant' && match.reason).not.toMatch(/acme/);
    expect(match.kind !== 'tenant' && match.detail).toMatch(/tenants acme name only the local root account id 1.*root account uuid/);
  });

  it('refuses to guess between two tenants configured for the same account', () => {
    const match = matchTenant([tenant('acme', UUID), tenant('globex', UUID)], meta(acmeEvent));
    expect(match.kind).toBe('ambiguous');
    expect(match.kind !== 'tenant' && match.reason).not.toMatch(/acme,|globex/);
    expect(match.kind !== 'tenant' && match.detail).toMatch(/acme, globex/);
  });

  it('reports an event naming no account', () => {
    expect(matchTenant([tenant('acme', UUID)], meta({}))).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('names no root account') });
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
  const event = meta({ root_account_id: '21070000000000001', hostname: 'acme.instructure.com' });

  it('finds a tenant added after the last load by reloading on a miss', async () => {
    const { dir, loads } = directory([[], [tenant('acme', '21070000000000001')]]);
    await dir.reload();
    expect(await dir.resolve(event)).toMatchObject({ kind: 'tenant', tenant: { id: 'acme' } });
    expect(loads()).toBe(2);
  });

  it('reloads at most once per cooldown for unknown accounts', async () => {
    const { dir, advance, loads } = directory([[tenant('acme', '21070000000000001')]]);
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
    const lists = [[tenant('acme', '21070000000000001')], undefined as unknown as GatewayTenant[]];
    const { dir, advance, loads } = directory(lists, { refreshMs: 1000 });
    await dir.reload();
    advance(1000);
    expect(await dir.resolve(event)).toMatchObject({ kind: 'tenant', tenant: { id: 'acme' } });
    expect(loads()).toBe(2);
  });

  it('drops a tenant that is no longer active after the periodic refresh', async () => {
    const { dir, advance } = directory([[tenant('acme', '21070000000000001')], []], { refreshMs: 1000, missCooldownMs: 0 });
    await dir.reload();
    advance(1000);
    expect((await dir.resolve(event)).kind).toBe('unknown');
  });
});
