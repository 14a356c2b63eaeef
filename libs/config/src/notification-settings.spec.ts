import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettingsProblems, resolveNotificationSettings } from './notification-settings';

describe('notification settings of a tenant', () => {
  it.each([
    [{}, []],
    [{ refusalMaxPercent: 30, refusalMinWrites: 5, refusalWindowMinutes: 60, credentialExpiryDays: [30, 7] }, []],
    [{ refusalMaxPercent: 0 }, ['refusalMaxPercent: 0 is not a whole number from 1 to 100']],
    [{ refusalWindowMinutes: 2.5 }, ['refusalWindowMinutes: 2.5 is not a whole number from 1 to 1440']],
    [{ credentialExpiryDays: [] }, ['credentialExpiryDays: [] is not a non-empty list of whole days from 0 to 365 (e.g. [14, 3])']],
    [{ credentialExpiryDays: 14 }, ['credentialExpiryDays: 14 is not a non-empty list of whole days from 0 to 365 (e.g. [14, 3])']],
    [{ refusalRate: 0.2 }, ['refusalRate: unknown setting (allowed: refusalWindowMinutes, refusalMinWrites, refusalMaxPercent, credentialExpiryDays)']],
  ] as const)('%j → %j', (raw, problems) => {
    expect(notificationSettingsProblems(raw as Record<string, unknown>)).toEqual(problems);
  });

  it('fills defaults, keeps valid stored values, sorts and dedupes the expiry thresholds', () => {
    expect(resolveNotificationSettings(undefined)).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    expect(resolveNotificationSettings({ refusalMaxPercent: 50, refusalMinWrites: -1, credentialExpiryDays: [3, 14, 3] }))
      .toEqual({ ...DEFAULT_NOTIFICATION_SETTINGS, refusalMaxPercent: 50, credentialExpiryDays: [3, 14] });
  });
});
