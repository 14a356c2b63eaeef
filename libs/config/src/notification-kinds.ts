/** What a notification webhook can subscribe to (`ops notifications add --events …`; the notifier sends these). */
export const NOTIFICATION_KINDS = ['plan-held', 'run-failed', 'credentials-rejected', 'credentials-expiring', 'stage-stalled', 'passback-refusals', 'daily-summary'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A webhook added without `--events` gets the alerts; the daily summary is opt-in. */
export const DEFAULT_NOTIFICATION_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS.filter((k) => k !== 'daily-summary');

/** `slack`: an incoming-webhook message; `json`: the notification itself, for any receiver. */
export const WEBHOOK_FORMATS = ['slack', 'json'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
