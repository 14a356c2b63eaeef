import { checkWebhookUrl, webhookHost, WebhookUrlError } from './webhook-url';

describe('checkWebhookUrl (webhooks are https; plain http only to 127.0.0.1 when a test allows it)', () => {
  const strict = { allowHttpLoopback: false };
  const tests = { allowHttpLoopback: true };

  it.each([
    ['https://hooks.slack.com/services/T0/B0/secretpart', strict, true],
    ['https://alerts.district.example/hook?token=abc', strict, true],
    ['http://127.0.0.1:4567/hook', tests, true],
    ['http://127.0.0.1:4567/hook', strict, false],
    ['http://localhost:4567/hook', tests, false],
    ['http://alerts.district.example/hook', tests, false],
    ['ftp://alerts.district.example/hook', strict, false],
    ['https://user:pw@alerts.district.example/hook', strict, false],
    ['not a url', strict, false],
  ] as const)('%s (loopback allowed: %s) accepted: %s', (raw, policy, accepted) => {
    const run = () => checkWebhookUrl(raw, policy);
    if (accepted) expect(run().toString()).toBe(new URL(raw).toString());
    else expect(run).toThrow(WebhookUrlError);
  });

  it('never repeats the path or query of a refused URL in its message', () => {
    expect(() => checkWebhookUrl('http://hooks.slack.com/services/T0/B0/secretpart?x=1', strict)).toThrow(/^(?!.*secretpart).*hooks\.slack\.com.*https/);
  });

  it('shows only scheme and host', () => {
    expect(webhookHost('https://hooks.slack.com/services/T0/B0/secretpart')).toBe('https://hooks.slack.com');
    expect(webhookHost('http://127.0.0.1:4567/x?token=1')).toBe('http://127.0.0.1:4567');
  });
});
