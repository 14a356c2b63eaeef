import { notificationSettingsProblems, scheduleProblems } from '@rp/config';
import type { NewTenant, TenantPatch, TenantSummary } from '@rp/persistence';
import { resolvePassbackSettings, resolveTenantMappingSettings } from '@rp/mapping';
import { resolveProviderSettings } from '@rp/oneroster';
import { parseJsonObjectOption, ReadText } from '../cli/json-option';
import { UserError } from '../ops-errors';
import type { TenantSecrets } from './tenant-secrets';

/** Flags of `tenants add` / `tenants update` as commander parses them (all strings). */
export interface TenantFlags {
  name?: string;
  icBaseUrl?: string;
  icTokenUrl?: string;
  icClientId?: string;
  icAppName?: string;
  icGradebookUrl?: string;
  /** JSON `{clientAuth, scopes, countDropHoldPercent}`, stored in the tenant's ic settings. */
  icProvider?: string;
  canvasBaseUrl?: string;
  canvasRootAccount?: string;
  canvasJwksUrl?: string;
  canvasRootAccountUuid?: string;
  canvasLiveEventsMaxAge?: string;
  canvasLiveEventsIssuer?: string;
  canvasLiveEventsAudience?: string;
  mapping?: string;
  thresholds?: string;
  passback?: string;
  schedule?: string;
  /** JSON NotificationSettings (refusal rate, credential expiry notice days). */
  notifications?: string;
  /** When the IC client secret / the Canvas token expires (a date or ISO 8601 instant). */
  icSecretExpires?: string;
  canvasTokenExpires?: string;
  secretsFile?: string;
}

const REQUIRED_FOR_ADD: (keyof TenantFlags)[] = ['name', 'icBaseUrl', 'icTokenUrl', 'icClientId', 'canvasBaseUrl', 'canvasRootAccount'];
const URL_FLAGS: (keyof TenantFlags)[] = ['icBaseUrl', 'icTokenUrl', 'icGradebookUrl', 'canvasBaseUrl', 'canvasJwksUrl'];

/** `icBaseUrl` → `--ic-base-url`. */
export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The tenant to create from `tenants add` flags and secrets; throws UserError naming every missing or bad flag. */
export function newTenantFromFlags(id: string, flags: TenantFlags, secrets: TenantSecrets, readText?: ReadText): NewTenant {
  const missing = REQUIRED_FOR_ADD.filter((key) => !flags[key]?.trim());
  if (missing.length > 0) throw new UserError(`tenants add ${id}: missing ${missing.map(flagName).join(', ')}`);
  checkUrls(flags);
  const settings = jsonSettings(flags, readText);
  validateSettings(id, settings);
  const provider = providerSettings(id, flags, {}, readText);
  return {
    id,
    name: flags.name!.trim(),
    ic: {
      baseUrl: flags.icBaseUrl!,
      tokenUrl: flags.icTokenUrl!,
      clientId: flags.icClientId!,
      ...(flags.icAppName ? { appName: flags.icAppName } : {}),
      ...(flags.icGradebookUrl ? { gradebookUrl: flags.icGradebookUrl } : {}),
      ...provider,
      ...expiry('icSecretExpires', 'clientSecretExpiresAt', flags.icSecretExpires),
      clientSecret: secrets.icClientSecret!,
      ...(secrets.icVendorAuthorization ? { vendorAuthorization: secrets.icVendorAuthorization } : {}),
    },
    canvas: {
      baseUrl: flags.canvasBaseUrl!,
      rootAccountId: flags.canvasRootAccount!,
      ...(flags.canvasJwksUrl ? { liveEventsJwksUrl: flags.canvasJwksUrl } : {}),
      ...liveEventsSettings(flags),
      ...expiry('canvasTokenExpires', 'tokenExpiresAt', flags.canvasTokenExpires),
      token: secrets.canvasToken!,
    },
    ...settings,
  };
}

/** The change `tenants update` makes; settings are validated as they will be stored (merged over `current`). */
export function tenantPatchFromFlags(current: TenantSummary, flags: TenantFlags, secrets: TenantSecrets, readText?: ReadText): TenantPatch {
  checkUrls(flags);
  const settings = jsonSettings(flags, readText);
  // TenantRepository.update merges each settings object shallowly over the stored one; validate that result.
  validateSettings(current.id, {
    mapping: settings.mapping && { ...current.mapping, ...settings.mapping },
    passback: settings.passback && { ...current.passback, ...settings.passback },
    schedule: settings.schedule && { ...current.schedule, ...settings.schedule },
    notifications: settings.notifications && { ...current.notifications, ...settings.notifications },
  });
  const provider = providerSettings(current.id, flags, current.ic as Record<string, unknown>, readText);
  const ic = compact({
    baseUrl: flags.icBaseUrl,
    tokenUrl: flags.icTokenUrl,
    clientId: flags.icClientId,
    appName: flags.icAppName,
    gradebookUrl: flags.icGradebookUrl,
    clientSecret: secrets.icClientSecret,
    vendorAuthorization: secrets.icVendorAuthorization,
  });
  Object.assign(ic, expiry('icSecretExpires', 'clientSecretExpiresAt', flags.icSecretExpires));
  const canvas = {
    ...compact({
      baseUrl: flags.canvasBaseUrl,
      rootAccountId: flags.canvasRootAccount,
      liveEventsJwksUrl: flags.canvasJwksUrl,
      token: secrets.canvasToken,
    }),
    ...liveEventsSettings(flags),
    ...expiry('canvasTokenExpires', 'tokenExpiresAt', flags.canvasTokenExpires),
  };
  const patch: TenantPatch = {
    ...(flags.name?.trim() ? { name: flags.name.trim() } : {}),
    ...(Object.keys(ic).length > 0 || Object.keys(provider).length > 0 ? { ic: { ...ic, ...provider } } : {}),
    ...(Object.keys(canvas).length > 0 ? { canvas } : {}),
    ...settings,
  };
  if (Object.keys(patch).length === 0) {
    throw new UserError(`tenants update ${current.id}: nothing to change; pass at least one flag (see --help) or secrets`);
  }
  return patch;
}

const PROVIDER_KEYS = ['clientAuth', 'scopes', 'countDropHoldPercent', 'keepFields'];

/** `--ic-provider` fields, validated as they will be stored (merged over `current`) by @rp/oneroster's resolver. */
function providerSettings(id: string, flags: TenantFlags, current: Record<string, unknown>, readText?: ReadText): Record<string, unknown> {
  if (flags.icProvider === undefined) return {};
  const value = parseJsonObjectOption('ic-provider', flags.icProvider, readText);
  const unknown = Object.keys(value).filter((key) => !PROVIDER_KEYS.includes(key));
  if (unknown.length > 0) throw new UserError(`tenant ${id}: --ic-provider: unknown key(s) ${unknown.join(', ')} (allowed: ${PROVIDER_KEYS.join(', ')})`);
  try {
    resolveProviderSettings(id, { ...current, ...value });
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  return value;
}

type JsonSettings = Pick<NewTenant, 'mapping' | 'thresholds' | 'passback' | 'schedule' | 'notifications'>;

function jsonSettings(flags: TenantFlags, readText?: ReadText): JsonSettings {
  const read = (flag: keyof JsonSettings) => {
    const raw = flags[flag];
    return raw === undefined ? {} : { [flag]: parseJsonObjectOption(flag, raw, readText) };
  };
  return { ...read('mapping'), ...read('thresholds'), ...read('passback'), ...read('schedule'), ...read('notifications') };
}

/** Mapping and passback through @rp/mapping's resolvers (the same the services use), schedule by shape. */
function validateSettings(id: string, settings: JsonSettings): void {
  if (settings.mapping) resolveTenantMappingSettings(id, settings.mapping);
  if (settings.passback) resolvePassbackSettings(id, settings.passback);
  if (settings.schedule) {
    const problems = scheduleProblems(settings.schedule);
    if (problems.length > 0) throw new UserError(`tenant ${id}: invalid --schedule: ${problems.join('; ')}`);
  }
  if (settings.notifications) {
    const problems = notificationSettingsProblems(settings.notifications);
    if (problems.length > 0) throw new UserError(`tenant ${id}: invalid --notifications: ${problems.join('; ')}`);
  }
}

/** `--ic-secret-expires 2027-06-30` → `{ clientSecretExpiresAt: '2027-06-30T00:00:00.000Z' }` (a date is its UTC midnight). */
function expiry(flag: 'icSecretExpires' | 'canvasTokenExpires', key: string, raw: string | undefined): Record<string, string> {
  const value = raw?.trim();
  if (!value) return {};
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value) ? new Date(value) : new Date(NaN);
  const rolledOver = !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) !== value.slice(0, 10) && value.length === 10;
  if (Number.isNaN(at.getTime()) || rolledOver) throw new UserError(`${flagName(flag)} must be a date (2027-06-30) or an ISO 8601 instant with zone (got "${value}")`);
  return { [key]: at.toISOString() };
}

/** The Live Events identity and token checks of `tenants add|update` (max age a positive whole number of seconds). */
function liveEventsSettings(flags: TenantFlags): { rootAccountUuid?: string; liveEventsMaxAgeSeconds?: number; liveEventsIssuer?: string; liveEventsAudience?: string } {
  const maxAge = flags.canvasLiveEventsMaxAge?.trim();
  if (maxAge !== undefined && maxAge !== '' && !/^[1-9]\d*$/.test(maxAge)) {
    throw new UserError(`--canvas-live-events-max-age must be a positive whole number of seconds (got "${maxAge}")`);
  }
  return {
    ...(flags.canvasRootAccountUuid?.trim() ? { rootAccountUuid: flags.canvasRootAccountUuid.trim() } : {}),
    ...(maxAge ? { liveEventsMaxAgeSeconds: Number(maxAge) } : {}),
    ...(flags.canvasLiveEventsIssuer?.trim() ? { liveEventsIssuer: flags.canvasLiveEventsIssuer.trim() } : {}),
    ...(flags.canvasLiveEventsAudience?.trim() ? { liveEventsAudience: flags.canvasLiveEventsAudience.trim() } : {}),
  };
}

function checkUrls(flags: TenantFlags): void {
  for (const key of URL_FLAGS) {
    const value = flags[key];
    if (value === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new UserError(`${flagName(key)} must be an absolute http(s) URL (got "${value}")`);
    }
    if (url.username || url.password) throw new UserError(`${flagName(key)} must not embed credentials; use the secrets file or env`);
  }
}

function compact<T extends Record<string, string | undefined>>(value: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<Record<keyof T, string>>;
}
