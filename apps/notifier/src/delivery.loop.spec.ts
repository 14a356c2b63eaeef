import type { OutboxEntry, WebhookTarget } from '@rp/persistence';
import { createLogger } from '@rp/observability';
import { DeliveryLoop, DeliveryPorts } from './delivery.loop';
import { verifyWebhookSignature } from './domain/webhook-signature';

const now = new Date('2026-12-07T10:00:00Z');
const hook: WebhookTarget = {
  id: 'w1', tenant: 'acme', host: 'https://hooks.example', format: 'json', events: ['plan-held'], createdAt: now,
  url: 'https://hooks.example/services/very-secret-path', secret: 'whsec-0123456789abcdef',
};
const entry = (attempts = 1): OutboxEntry => ({
  deliveryId: 'd1', notificationKey: 'plan-held|acme|42', tenant: 'acme', webhookId: 'w1', kind: 'plan-held', attempts,
  notification: { key: 'plan-held|acme|42', tenant: 'acme', kind: 'plan-held', at: now.toISOString(), title: 't', text: 'x', details: { planId: '42' } },
});

function harness(send: DeliveryPorts['send'], options: { webhook?: WebhookTarget | null | Error; attempts?: number } = {}) {
  const calls: string[] = [];
  const logs: string[] = [];
  const ports: DeliveryPorts = {
    claimDue: async () => [entry(options.attempts)],
    markSent: async (id) => void calls.push(`sent ${id}`),
    retryLater: async (id, delayMs, error) => void calls.push(`retry ${id} in ${delayMs} (${error})`),
    giveUp: async (id, error) => void calls.push(`gave up ${id} (${error})`),
    webhook: async () => {
      if (options.webhook instanceof Error) throw options.webhook;
      return options.webhook === null ? undefined : options.webhook ?? hook;
    },
    send,
    clock: () => now,
    logger: createLogger({ service: 'test', level: 'debug', sink: (line) => logs.push(line) }),
  };
  const loop = new DeliveryLoop(ports, { maxAttempts: 3, backoff: { initialDelayMs: 1000, maxDelayMs: 1000 }, allowHttpLoopback: false, leaseMs: 30_000, batchSize: 10 });
  return { calls, logs, tick: () => loop.tick() };
}

describe('DeliveryLoop (sign, send, retry with backoff, give up)', () => {
  it('sends the JSON body signed with the webhook secret and the delivery id as a header', async () => {
    const sent: { url: string; body: string; headers: Record<string, string> }[] = [];
    const { calls, tick } = harness(async (url, body, headers) => {
      sent.push({ url, body, headers });
      return { status: 204 };
    });
    await tick();
    expect(calls).toEqual(['sent d1']);
    expect(sent[0].url).toBe(hook.url);
    expect(sent[0].headers['x-rp-notification-id']).toBe('d1');
    expect(verifyWebhookSignature(hook.secret, sent[0].body, sent[0].headers['x-rp-signature'], now)).toBe(true);
    expect(JSON.parse(sent[0].body)).toMatchObject({ id: 'd1', kind: 'plan-held', tenant: 'acme', details: { planId: '42' } });
  });

  it.each([
    ['HTTP 503', async () => ({ status: 503 }), 1, /^retry d1 in \d+ \(HTTP 503\)$/],
    ['HTTP 429', async () => ({ status: 429 }), 1, /^retry d1 in \d+ \(HTTP 429\)$/],
    ['a refused connection', async () => { throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }); }, 1, /^retry d1 in \d+ \(request failed \(ECONNREFUSED\)\)$/],
    ['HTTP 404 (the receiver refuses it for good)', async () => ({ status: 404 }), 1, /^gave up d1 \(HTTP 404/],
    ['HTTP 500 at the last attempt', async () => ({ status: 500 }), 3, /^gave up d1 \(HTTP 500; gave up after 3 attempts\)$/],
  ] as const)('%s → %s', async (_what, send, attempts, outcome) => {
    const { calls, tick } = harness(send, { attempts });
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(outcome);
  });

  it('gives up a delivery whose webhook was removed, without calling anything', async () => {
    const send = jest.fn();
    const { calls, tick } = harness(send, { webhook: null });
    await tick();
    expect(send).not.toHaveBeenCalled();
    expect(calls).toEqual(['gave up d1 (the webhook was removed)']);
  });

  it('refuses a stored http URL in production settings, and never logs a URL path', async () => {
    const send = jest.fn();
    const { calls, logs, tick } = harness(send, { webhook: { ...hook, url: 'http://hooks.example/services/very-secret-path' } });
    await tick();
    expect(send).not.toHaveBeenCalled();
    expect(calls[0]).toMatch(/gave up d1 \(.*must use https/);
    expect(logs.join('\n')).not.toContain('very-secret-path');
    expect(logs.join('\n')).toContain('hooks.example');
  });

  it('a webhook whose secret cannot be decrypted (SECRETS_KEYS lost its key) is tried again later, not dropped', async () => {
    const send = jest.fn();
    const error = Object.assign(new Error('it was sealed with key k1, which is not among the configured keys'), { name: 'SecretDecryptionError' });
    const { calls, tick } = harness(send, { webhook: error });
    expect(await tick()).toBe(1);
    expect(send).not.toHaveBeenCalled();
    expect(calls).toEqual([expect.stringMatching(/^retry d1 in \d+ \(SecretDecryptionError: it was sealed with key k1/)]);
  });
});
