/** A tenant's notification thresholds (`ops tenants add|update --notifications '{…}'`, stored in the admin schema). */
export interface NotificationSettings {
  /** Passback refusals: fixed windows of this many minutes … */
  refusalWindowMinutes: number;
  /** … with at least this many grade writes … */
  refusalMinWrites: number;
  /** … notify once when this percentage (1–100) or more of them were refused by IC. */
  refusalMaxPercent: number;
  /** Days before a credential's expiry at which to notify, once per credential and threshold (default [14]). */
  credentialExpiryDays: number[];
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  refusalWindowMinutes: 15, refusalMinWrites: 20, refusalMaxPercent: 20, credentialExpiryDays: [14],
};

const KEYS = Object.keys(DEFAULT_NOTIFICATION_SETTINGS);

/** What is wrong with stored or given notification settings, one message per field (empty when valid). */
export function notificationSettingsProblems(raw: Record<string, unknown>): string[] {
  const problems = Object.keys(raw).filter((k) => !KEYS.includes(k)).map((k) => `${k}: unknown setting (allowed: ${KEYS.join(', ')})`);
  const whole = (key: string, min: number, max: number) => {
    const v = raw[key];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min && (v as number) <= max)) problems.push(`${key}: ${JSON.stringify(v)} is not a whole number from ${min} to ${max}`);
  };
  whole('refusalWindowMinutes', 1, 24 * 60);
  whole('refusalMinWrites', 1, 1_000_000);
  whole('refusalMaxPercent', 1, 100);
  const days = raw.credentialExpiryDays;
  if (days !== undefined && !(Array.isArray(days) && days.length > 0 && days.every((d) => Number.isInteger(d) && d >= 0 && d <= 365))) {
    problems.push(`credentialExpiryDays: ${JSON.stringify(days)} is not a non-empty list of whole days from 0 to 365 (e.g. [14, 3])`);
  }
  return problems;
}

/** The settings in force: stored values over the defaults; an invalid stored field falls back to its default. */
export function resolveNotificationSettings(raw: Record<string, unknown> | null | undefined): NotificationSettings {
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS };
  for (const key of KEYS as (keyof NotificationSettings)[]) {
    if (raw?.[key] === undefined || notificationSettingsProblems({ [key]: raw[key] }).length > 0) continue;
    (settings as Record<string, unknown>)[key] = raw[key];
  }
  settings.credentialExpiryDays = [...new Set(settings.credentialExpiryDays)].sort((a, b) => a - b);
  return settings;
}
