import type { WebhookFormat } from '@rp/config';
import type { Notification } from './notification';

const EMOJI: Record<Notification['kind'], string> = {
  'plan-held': ':raised_hand:',
  'run-failed': ':x:',
  'credentials-rejected': ':closed_lock_with_key:',
  'credentials-expiring': ':key:',
  'stage-stalled': ':hourglass:',
  'passback-refusals': ':warning:',
  'daily-summary': ':calendar:',
};

/** The body sent to a webhook, as the exact text that is signed. `id` is the delivery id (also a header). */
export function renderWebhookBody(format: WebhookFormat, notification: Notification, id: string): string {
  if (format === 'json') {
    const { key: _key, ...rest } = notification;
    return JSON.stringify({ id, ...rest });
  }
  const facts = Object.entries(notification.details).map(([k, v]) => `*${k}*: ${v}`).join('  ');
  return JSON.stringify({
    text: `${EMOJI[notification.kind]} ${notification.title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${EMOJI[notification.kind]} *${escapeSlack(notification.title)}*\n${escapeSlack(notification.text)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${notification.kind} · ${notification.at}${facts ? `  ${escapeSlack(facts)}` : ''}` }] },
    ],
  });
}

/** Slack's three control characters in mrkdwn. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
