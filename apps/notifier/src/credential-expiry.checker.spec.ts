import { createLogger } from '@rp/observability';
import { CredentialExpiryChecker, ExpiryCheckPorts } from './credential-expiry.checker';

function harness(nowIso: string) {
  let now = new Date(nowIso);
  const stored = new Map<string, { tenant: string; webhookId: string; title: string }>();
  const tenants = [
    { id: 'acme', status: 'active', notifications: { credentialExpiryDays: [14, 3] }, icSecretExpiresAt: '2026-12-20T00:00:00.000Z', canvasTokenExpiresAt: null },
    { id: 'globex', status: 'active', notifications: {}, icSecretExpiresAt: '2026-12-10T00:00:00.000Z', canvasTokenExpiresAt: '2026-12-10T00:00:00.000Z' },
    { id: 'initech', status: 'disabled', notifications: {}, icSecretExpiresAt: '2026-12-10T00:00:00.000Z', canvasTokenExpiresAt: null },
  ];
  const ports: ExpiryCheckPorts = {
    webhooks: async () => [
      { id: 'w1', tenant: 'acme', events: ['credentials-expiring'] },
      { id: 'w2', tenant: 'globex', events: ['plan-held'] },
      { id: 'w3', tenant: 'initech', events: ['credentials-expiring'] },
    ],
    tenants: async (ids) => tenants.filter((t) => ids.includes(t.id)),
    enqueue: async (entries) => entries.filter((e) => !stored.has(e.deliveryId)).map((e) => {
      stored.set(e.deliveryId, { tenant: e.tenant, webhookId: e.webhookId, title: e.notification.title });
      return e.deliveryId;
    }),
    clock: () => now,
    logger: createLogger({ service: 'test', level: 'error' }),
  };
  return { stored, ports, checker: new CredentialExpiryChecker(ports, 60_000), at: (iso: string) => (now = new Date(iso)) };
}

describe('CredentialExpiryChecker', () => {
  it('notifies subscribed webhooks once per credential and threshold, never a disabled tenant or an unsubscribed one', async () => {
    const { stored, checker, at } = harness('2026-12-05T00:00:00Z');
    expect(await checker.runDue()).toBe(0); // acme's secret: 15 days left
    at('2026-12-06T00:00:01Z');
    expect(await checker.runDue()).toBe(1); // 14 days left
    at('2026-12-07T00:00:00Z');
    expect(await checker.runDue()).toBe(0); // the same notice, already stored
    at('2026-12-17T00:00:01Z');
    expect(await checker.runDue()).toBe(1); // 3 days left: the second threshold
    at('2026-12-21T00:00:00Z');
    expect(await checker.runDue()).toBe(0); // expired: no third notice
    expect([...stored.values()]).toEqual([
      { tenant: 'acme', webhookId: 'w1', title: 'tenant acme: the Infinite Campus client secret expires on 2026-12-20T00:00:00.000Z (in 13 day(s))' },
      { tenant: 'acme', webhookId: 'w1', title: 'tenant acme: the Infinite Campus client secret expires on 2026-12-20T00:00:00.000Z (in 2 day(s))' },
    ]);
  });

  it('looks at most once per interval', async () => {
    const { ports, checker, at } = harness('2026-12-06T00:00:01Z');
    const webhooks = jest.spyOn(ports, 'webhooks');
    await checker.runDue();
    at('2026-12-06T00:00:59Z');
    await checker.runDue();
    expect(webhooks).toHaveBeenCalledTimes(1);
    at('2026-12-06T00:01:02Z');
    await checker.runDue();
    expect(webhooks).toHaveBeenCalledTimes(2);
  });
});
