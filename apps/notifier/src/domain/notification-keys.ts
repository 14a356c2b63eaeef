import { createHash } from 'node:crypto';
import type { NotificationKind } from './notification';

/**
 * The de-duplication key of a fact: kind, tenant and the ids that make the fact unique (never a timestamp of when it
 * was seen), so a replayed record or a second replica derives the same key and the notification is sent once.
 */
export function notificationKey(kind: NotificationKind, tenant: string, ...ids: string[]): string {
  return [kind, tenant, ...ids].map((part) => part.replace(/[|\\]/g, (c) => `\\${c}`)).join('|');
}

/** The key of one delivery: a notification to one webhook (a receiver dedupes on it: header `X-RP-Notification-Id`). */
export function deliveryKey(notificationKey: string, webhookId: string): string {
  return createHash('sha256').update(`${notificationKey}\u0000${webhookId}`).digest('hex').slice(0, 32);
}
