import type { NotificationKind } from '@rp/config';

export type { NotificationKind } from '@rp/config';

/** One thing an operator should hear about, once: `key` identifies it across restarts and replayed records. */
export interface Notification {
  /** De-duplication key: the same fact always yields the same key (see notification-keys.ts). */
  key: string;
  tenant: string;
  kind: NotificationKind;
  /** One line, e.g. "tenant acme: plan 42 holds 120 destructive rows". */
  title: string;
  /** What happened and what to do (the pipeline's own message, which names the fix). */
  text: string;
  /** When the fact happened (ISO 8601). */
  at: string;
  /** Ids a receiver can act on (run, plan, stage …). */
  details: Record<string, string>;
}
