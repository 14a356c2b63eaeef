import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testServices, uniqueName } from '@rp/testing';
import { adminStore } from '../admin/admin.store';
import { NotificationWebhookRepository } from '../admin/notification-webhook.repository';
import { NotifierTenantsReader } from '../admin/notifier-tenants.reader';
import { TenantRepository } from '../admin/tenant.repository';
import { createDataSource, runMigrations } from '../data-source.factory';
import { NotifierDayFactsRepository } from './notifier-day-facts.repository';
import { NotifierOutboxRepository } from './notifier-outbox.repository';
import { NotifierPassbackOutcomesRepository } from './notifier-passback-outcomes.repository';
import { notifierStore } from './notifier.store';

const SLACK = 'https://hooks.slack.com/services/T000/B000/very-secret-path';

describe('notification webhooks and the notifier outbox on PostgreSQL', () => {
  const prefix = uniqueName('notifier').replace(/[^a-z0-9]/g, '_');
  let admin: DataSource;
  let own: DataSource;
  let webhooks: NotificationWebhookRepository;
  let now = new Date('2026-12-07T10:00:00Z');
  let outbox: NotifierOutboxRepository;

  beforeAll(async () => {
    admin = createDataSource({ url: testServices().databaseUrl, store: adminStore, schema: `${prefix}_admin` });
    own = createDataSource({ url: testServices().databaseUrl, store: notifierStore, schema: `${prefix}_notifier` });
    await admin.initialize();
    await own.initialize();
    await runMigrations(admin);
    await runMigrations(own);
    const key = randomBytes(32);
    await new TenantRepository(admin, key).create({
      id: 'acme', name: 'Acme',
      ic: { baseUrl: 'https://ic.example/ims/oneroster/rostering/v1p2', tokenUrl: 'https://ic.example/token', clientId: 'c', clientSecret: 's' },
      canvas: { baseUrl: 'https://acme.instructure.com', rootAccountId: '1', token: 't' },
    });
    webhooks = new NotificationWebhookRepository(admin, key);
    outbox = new NotifierOutboxRepository(own, () => now);
  });

  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS "${prefix}_admin" CASCADE`);
    await own?.query(`DROP SCHEMA IF EXISTS "${prefix}_notifier" CASCADE`);
    await admin?.destroy();
    await own?.destroy();
  });

  it('keeps a webhook\'s URL and secret encrypted; lists show the host only; the notifier gets both back', async () => {
    const added = await webhooks.add({ tenant: 'acme', url: SLACK, host: 'https://hooks.slack.com', secret: 'whsec-1', format: 'slack', events: ['plan-held', 'run-failed'] });
    const [row] = await admin.query(`SELECT * FROM notification_webhooks WHERE id = $1`, [added.id]);
    expect(JSON.stringify(row)).not.toMatch(/very-secret-path|whsec-1/);
    expect(JSON.stringify(await webhooks.list('acme'))).not.toMatch(/very-secret-path|whsec-1/);
    expect(await webhooks.list('acme')).toEqual([expect.objectContaining({ id: added.id, host: 'https://hooks.slack.com', events: ['plan-held', 'run-failed'] })]);
    expect(await webhooks.targets('acme')).toEqual([expect.objectContaining({ url: SLACK, secret: 'whsec-1', format: 'slack' })]);
    expect(await webhooks.remove('globex', added.id)).toBe(false);
    expect(await webhooks.remove('acme', added.id)).toBe(true);
    expect(await webhooks.target(added.id)).toBeUndefined();
  });

  it('a webhook of an unknown tenant is refused by the database', async () => {
    await expect(webhooks.add({ tenant: 'nobody', url: SLACK, host: 'x', secret: 's', format: 'json', events: [] })).rejects.toThrow(/foreign key/);
  });

  it('stores a delivery once, however often it is enqueued (replays, restarts)', async () => {
    const entry = { deliveryId: 'd1', notificationKey: 'plan-held|acme|1', tenant: 'acme', webhookId: 'w1', kind: 'plan-held', notification: { title: 'x' } };
    expect(await outbox.enqueue([entry])).toEqual(['d1']);
    expect(await outbox.enqueue([entry, { ...entry, deliveryId: 'd2' }])).toEqual(['d2']);
  });

  it('claims due deliveries once per lease, retries later, and never returns sent or abandoned ones', async () => {
    now = new Date('2026-12-07T10:00:01Z');
    const first = await outbox.claimDue(10, 30_000);
    expect(first.map((e) => e.deliveryId).sort()).toEqual(['d1', 'd2']);
    expect(first.every((e) => e.attempts === 1)).toBe(true);
    expect(await outbox.claimDue(10, 30_000)).toEqual([]); // leased
    await outbox.markSent('d1');
    await outbox.retryLater('d2', 5_000, 'HTTP 503');
    now = new Date('2026-12-07T10:00:07Z');
    expect((await outbox.claimDue(10, 30_000)).map((e) => [e.deliveryId, e.attempts])).toEqual([['d2', 2]]);
    await outbox.giveUp('d2', 'HTTP 410');
    now = new Date('2026-12-07T11:00:00Z');
    expect(await outbox.claimDue(10, 30_000)).toEqual([]);
    expect(await outbox.enqueue([{ deliveryId: 'd1', notificationKey: 'k', tenant: 'acme', webhookId: 'w1', kind: 'plan-held', notification: {} }])).toEqual([]);
  });

  it('counts facts once however often they are recorded, per tenant and span of instants (a local day), and purges old days', async () => {
    const facts = new NotifierDayFactsRepository(own);
    const fact = { key: 'run-completed|acme|r1', tenant: 'acme', day: '2026-12-06', at: '2026-12-06T10:00:00.000Z', kind: 'run-completed', ref: 'r1' };
    await facts.record([fact, { ...fact, key: 'plan-held|acme|p1', kind: 'plan-held', ref: 'p1' }]);
    await facts.record([fact, { ...fact, key: 'run-failed|globex|r2', tenant: 'globex', kind: 'run-failed', ref: 'r2' }]);
    await facts.record([{ ...fact, key: 'run-completed|acme|r3', day: '2026-12-07', at: '2026-12-07T05:30:00.000Z', ref: 'r3' }]);
    // the 6th in Chicago is [06:00Z on the 6th, 06:00Z on the 7th): r3 (23:30 local on the 6th) belongs to it
    const chicago6th = [new Date('2026-12-06T06:00:00Z'), new Date('2026-12-07T06:00:00Z')] as const;
    expect(await facts.between('acme', ...chicago6th)).toEqual([{ kind: 'plan-held', ref: 'p1' }, { kind: 'run-completed', ref: 'r1' }, { kind: 'run-completed', ref: 'r3' }]);
    expect(await facts.purgeBefore('2026-12-07')).toBe(3);
    expect(await facts.between('acme', ...chicago6th)).toEqual([{ kind: 'run-completed', ref: 'r3' }]);
  });

  it('sums grade-write outcomes per tenant and window, each record and each refusal once however often it comes', async () => {
    const outcomes = new NotifierPassbackOutcomesRepository(own);
    const w1 = '2026-12-07T10:00:00.000Z';
    const w2 = '2026-12-07T10:15:00.000Z';
    const written = (batch: string, n: number, windowStart = w1) => ({ tenant: 'acme', outcomeKey: `written|${batch}`, windowStart, writes: n, refused: 0 });
    const refusal = (id: string, windowStart = w1) => ({ tenant: 'acme', outcomeKey: `refused|${id}|h`, windowStart, writes: 1, refused: 1 });
    expect(await outcomes.record([written('b1', 10), refusal('r1'), refusal('r2')])).toEqual([{ tenant: 'acme', windowStart: w1, writes: 12, refused: 2 }]);
    // b1 again (a replayed record), r1 again (a retried batch refused again), plus news in two windows
    expect(await outcomes.record([written('b1', 10), refusal('r1'), refusal('r3'), written('b2', 4, w2), { ...refusal('r1', w2), tenant: 'globex' }])).toEqual([
      { tenant: 'acme', windowStart: w1, writes: 13, refused: 3 },
      { tenant: 'acme', windowStart: w2, writes: 4, refused: 0 },
      { tenant: 'globex', windowStart: w2, writes: 1, refused: 1 },
    ]);
    expect(await outcomes.purgeBefore(new Date(w2))).toBe(4);
  });

  it('shows the notifier a tenant\'s zone, thresholds and expiry dates through its view, without secrets', async () => {
    await admin.query(`UPDATE tenants SET schedule = '{"timeZone":"America/Chicago"}', notification_settings = '{"refusalMaxPercent":30}',
      ic_settings = ic_settings || '{"clientSecretExpiresAt":"2027-01-31T00:00:00.000Z"}' WHERE id = 'acme'`);
    expect(await new NotifierTenantsReader(admin).list(['acme', 'nobody'])).toEqual([{
      id: 'acme', status: 'active', timeZone: 'America/Chicago', notifications: { refusalMaxPercent: 30 },
      icSecretExpiresAt: '2027-01-31T00:00:00.000Z', canvasTokenExpiresAt: null,
    }]);
    const [row] = await admin.query(`SELECT * FROM notifier_tenants WHERE id = 'acme'`);
    expect(Object.keys(row).join(',')).not.toMatch(/encrypted|secret_encrypted|token_encrypted/);
  });

  it('re-seals webhook URLs and secrets with the newest key (ops secrets rotate), readable with it alone', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await admin.query(`DELETE FROM notification_webhooks`);
    const added = await new NotificationWebhookRepository(admin, oldKey).add({ tenant: 'acme', url: SLACK, host: 'h', secret: 'whsec-2', format: 'json', events: [] });
    const rotated = await new NotificationWebhookRepository(admin, [newKey, oldKey]).rotateSecrets();
    expect(rotated.map((r) => r.id)).toEqual([added.id]);
    expect(await new NotificationWebhookRepository(admin, [newKey, oldKey]).rotateSecrets()).toEqual([]);
    expect(await new NotificationWebhookRepository(admin, newKey).targets('acme')).toEqual([expect.objectContaining({ url: SLACK, secret: 'whsec-2' })]);
  });
});
