import type { Notification } from './notification';
import { renderWebhookBody } from './webhook-payload';

const notification: Notification = {
  key: 'plan-held|acme|42', tenant: 'acme', kind: 'plan-held', at: '2026-12-07T10:00:00.000Z',
  title: 'tenant acme: plan 42 held destructive changes for review',
  text: 'tenant acme: 120 row(s) held in plan 42 (drop > 10 <school>); inspect with `ops plans show 42`',
  details: { planId: '42' },
};

describe('webhook bodies', () => {
  it('json: the notification with the delivery id, kind, tenant, ids and the fix', () => {
    expect(JSON.parse(renderWebhookBody('json', notification, 'd1'))).toEqual({
      id: 'd1', tenant: 'acme', kind: 'plan-held', at: notification.at, title: notification.title, text: notification.text, details: { planId: '42' },
    });
  });

  it('slack: an incoming-webhook message with text (the fallback) and blocks, control characters escaped', () => {
    const body = JSON.parse(renderWebhookBody('slack', notification, 'd1'));
    expect(body.text).toBe(':raised_hand: tenant acme: plan 42 held destructive changes for review');
    expect(body.blocks[0].text.type).toBe('mrkdwn');
    expect(body.blocks[0].text.text).toContain('drop &gt; 10 &lt;school&gt;');
    expect(body.blocks[1].elements[0].text).toContain('*planId*: 42');
  });
});
