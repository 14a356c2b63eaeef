import { academicSessionTypes } from '@rp/oneroster';
import {
  ADMINISTRATOR_ROLE_SETTINGS,
  COURSE_LEVEL_NAME_SOURCES,
  COURSE_STRATEGIES,
  DEFAULT_TENANT_MAPPING_SETTINGS,
  DROP_POLICIES,
  EXTENSION_ROLE_SETTINGS,
  IntegrationIdSource,
  LoginIdSource,
  NAME_SOURCES,
  NameSource,
  OBSERVER_ROLES,
  SECONDARY_TEACHER_ROLES,
  SECTIONS_UNDER_COURSE_NAMING,
  TERM_STRATEGIES,
  TenantMappingSettings,
} from './tenant-mapping-settings';

/** Stored settings were invalid; `problems` lists every one, each naming the setting and the fix. */
export class InvalidMappingSettingsError extends Error {
  readonly retriable = false;
  constructor(
    readonly tenant: string,
    readonly problems: readonly string[],
  ) {
    super(`tenant ${tenant}: invalid mapping settings:\n- ${problems.join('\n- ')}`);
    this.name = 'InvalidMappingSettingsError';
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (values: readonly string[]) => values.join(', ');

/** Reads settings JSON (partial; missing parts take defaults), validates it, and throws with every problem found. */
export function resolveTenantMappingSettings(tenant: string, input: unknown = {}): TenantMappingSettings {
  const problems: string[] = [];
  const root = section(input, 'settings', problems);
  const d = DEFAULT_TENANT_MAPPING_SETTINGS;
  const terms = section(root.terms, 'terms', problems);
  const courses = section(root.courses, 'courses', problems);
  const users = section(root.users, 'users', problems);
  const observers = section(root.observers, 'observers', problems);
  const enrollments = section(root.enrollments, 'enrollments', problems);
  const parking = section(root.parking, 'parking', problems);
  const courseStrategy = oneOf(courses.strategy, 'courses.strategy', COURSE_STRATEGIES, d.courses.strategy, problems);
  const naming = courseStrategy === 'sections-under-course' ? SECTIONS_UNDER_COURSE_NAMING : d.courses;

  const settings: TenantMappingSettings = {
    timeZone: timeZone(root.timeZone, problems),
    districtAccount: districtAccount(root.districtAccount, problems),
    terms: {
      strategy: oneOf(terms.strategy, 'terms.strategy', TERM_STRATEGIES, d.terms.strategy, problems),
      sessionTypes: sessionTypes(terms.sessionTypes, problems),
    },
    courses: {
      strategy: courseStrategy,
      shortName: nameSources(courses.shortName, 'courses.shortName', naming.shortName, problems),
      longName: nameSources(courses.longName, 'courses.longName', naming.longName, problems),
      sectionName: nameSources(courses.sectionName, 'courses.sectionName', naming.sectionName, problems),
      publish: bool(courses.publish, 'courses.publish', d.courses.publish, problems),
    },
    users: {
      loginId: loginIdSources(users.loginId, problems),
      integrationId: integrationId(users.integrationId, problems),
      email: bool(users.email, 'users.email', d.users.email, problems),
      preferredNames: bool(users.preferredNames, 'users.preferredNames', d.users.preferredNames, problems),
    },
    observers: {
      enabled: bool(observers.enabled, 'observers.enabled', d.observers.enabled, problems),
      roles: observers.roles === undefined ? d.observers.roles : oneOfList(observers.roles, 'observers.roles', OBSERVER_ROLES, problems),
    },
    enrollments: {
      administratorRole: oneOf(enrollments.administratorRole, 'enrollments.administratorRole', ADMINISTRATOR_ROLE_SETTINGS, d.enrollments.administratorRole, problems),
      secondaryTeacherRole: oneOf(enrollments.secondaryTeacherRole, 'enrollments.secondaryTeacherRole', SECONDARY_TEACHER_ROLES, d.enrollments.secondaryTeacherRole, problems),
      extensionRoles: extensionRoles(enrollments.extensionRoles, problems),
      dropPolicy: oneOf(enrollments.dropPolicy, 'enrollments.dropPolicy', DROP_POLICIES, d.enrollments.dropPolicy, problems),
    },
    parking: { flagAfterHours: positiveHours(parking.flagAfterHours, 'parking.flagAfterHours', d.parking.flagAfterHours, problems) },
  };
  if (settings.courses.strategy === 'sections-under-course') {
    for (const key of ['shortName', 'longName'] as const) {
      const classLevel = settings.courses[key].filter((source) => !COURSE_LEVEL_NAME_SOURCES.includes(source));
      if (classLevel.length > 0) {
        problems.push(
          `courses.${key} uses ${list(classLevel)}, which differs between the classes grouped into one Canvas course ` +
            `under sections-under-course; use ${list(COURSE_LEVEL_NAME_SOURCES)}`,
        );
      }
    }
  }
  if (settings.observers.enabled && settings.observers.roles.length === 0) {
    problems.push(`observers.roles is empty while observers.enabled is true; list at least one of ${list(OBSERVER_ROLES)}`);
  }
  if (problems.length > 0) throw new InvalidMappingSettingsError(tenant, problems);
  return settings;
}

function section(value: unknown, path: string, problems: string[]): Json {
  if (value === undefined) return {};
  if (isObject(value)) return value;
  problems.push(`${path} must be an object, got ${JSON.stringify(value)}`);
  return {};
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${path} is ${JSON.stringify(value)}; use one of ${list(allowed)}`);
  return fallback;
}

function oneOfList<T extends string>(value: unknown, path: string, allowed: readonly T[], problems: string[]): T[] {
  if (!Array.isArray(value)) {
    problems.push(`${path} must be a list of ${list(allowed)}, got ${JSON.stringify(value)}`);
    return [];
  }
  const bad = value.filter((item) => !(allowed as readonly unknown[]).includes(item));
  if (bad.length > 0) problems.push(`${path} contains ${JSON.stringify(bad)}; allowed: ${list(allowed)}`);
  return value.filter((item): item is T => (allowed as readonly unknown[]).includes(item));
}

function bool(value: unknown, path: string, fallback: boolean, problems: string[]): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  problems.push(`${path} must be true or false, got ${JSON.stringify(value)}`);
  return fallback;
}

function positiveHours(value: unknown, path: string, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  problems.push(`${path} must be a number of hours above 0, got ${JSON.stringify(value)}`);
  return fallback;
}

function timeZone(value: unknown, problems: string[]): string {
  if (value === undefined) return DEFAULT_TENANT_MAPPING_SETTINGS.timeZone;
  try {
    if (typeof value === 'string' && value !== '') {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return value;
    }
  } catch {
    // reported below
  }
  problems.push(`timeZone ${JSON.stringify(value)} is not an IANA time zone; use e.g. "America/Chicago"`);
  return DEFAULT_TENANT_MAPPING_SETTINGS.timeZone;
}

function districtAccount(value: unknown, problems: string[]): TenantMappingSettings['districtAccount'] {
  if (value === undefined) return DEFAULT_TENANT_MAPPING_SETTINGS.districtAccount;
  if (isObject(value) && value.mode === 'root') return { mode: 'root' };
  if (isObject(value) && value.mode === 'sub-account') {
    if (typeof value.accountId === 'string' && value.accountId.trim() !== '') {
      if (value.name !== undefined && (typeof value.name !== 'string' || value.name.trim() === '')) {
        problems.push('districtAccount.name must be a non-empty string when given (default: the district org name)');
      }
      return typeof value.name === 'string' && value.name.trim() !== ''
        ? { mode: 'sub-account', accountId: value.accountId, name: value.name }
        : { mode: 'sub-account', accountId: value.accountId };
    }
    problems.push('districtAccount.accountId is required with mode "sub-account": the SIS id of the district sub-account');
    return DEFAULT_TENANT_MAPPING_SETTINGS.districtAccount;
  }
  problems.push(`districtAccount must be {"mode":"root"} or {"mode":"sub-account","accountId":"…"}, got ${JSON.stringify(value)}`);
  return DEFAULT_TENANT_MAPPING_SETTINGS.districtAccount;
}

function sessionTypes(value: unknown, problems: string[]): string[] {
  if (value === undefined) return [...DEFAULT_TENANT_MAPPING_SETTINGS.terms.sessionTypes];
  const known = (item: unknown) =>
    typeof item === 'string' && ((academicSessionTypes as readonly string[]).includes(item) || /^ext:[\w.-]+$/.test(item));
  if (!Array.isArray(value) || value.length === 0 || !value.every(known)) {
    problems.push(
      `terms.sessionTypes must be a non-empty list of ${list(academicSessionTypes)} or ext:… values, got ${JSON.stringify(value)}`,
    );
    return [...DEFAULT_TENANT_MAPPING_SETTINGS.terms.sessionTypes];
  }
  return value as string[];
}

function nameSources(value: unknown, path: string, fallback: readonly NameSource[], problems: string[]): NameSource[] {
  if (value === undefined) return [...fallback];
  const sources = oneOfList(value, path, NAME_SOURCES, problems);
  if (Array.isArray(value) && value.length === 0) problems.push(`${path} is empty; list at least one of ${list(NAME_SOURCES)}`);
  return sources;
}

function userIdType(value: Json, path: string, problems: string[]): string | undefined {
  if (typeof value.type === 'string' && value.type.trim() !== '') return value.type;
  problems.push(`${path} with from "userId" needs a non-empty "type" (the userIds[].type to read, e.g. "LDAP")`);
  return undefined;
}

function loginIdSources(value: unknown, problems: string[]): LoginIdSource[] {
  if (value === undefined) return [...DEFAULT_TENANT_MAPPING_SETTINGS.users.loginId];
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) problems.push('users.loginId is empty; give at least one of username, email, userId');
  const sources: LoginIdSource[] = [];
  items.forEach((item, index) => {
    const path = `users.loginId[${index}]`;
    if (isObject(item) && (item.from === 'username' || item.from === 'email')) sources.push({ from: item.from });
    else if (isObject(item) && item.from === 'userId') {
      const type = userIdType(item, path, problems);
      if (type !== undefined) sources.push({ from: 'userId', type });
    } else {
      problems.push(`${path} is ${JSON.stringify(item)}; use {"from":"username"}, {"from":"email"} or {"from":"userId","type":"…"}`);
    }
  });
  return sources;
}

function integrationId(value: unknown, problems: string[]): IntegrationIdSource {
  if (value === undefined) return DEFAULT_TENANT_MAPPING_SETTINGS.users.integrationId;
  if (isObject(value) && (value.from === 'none' || value.from === 'userMasterIdentifier' || value.from === 'identifier')) {
    return { from: value.from };
  }
  if (isObject(value) && value.from === 'userId') {
    const type = userIdType(value, 'users.integrationId', problems);
    if (type !== undefined) return { from: 'userId', type };
    return DEFAULT_TENANT_MAPPING_SETTINGS.users.integrationId;
  }
  problems.push(
    `users.integrationId is ${JSON.stringify(value)}; use {"from":"none"}, {"from":"userMasterIdentifier"}, {"from":"identifier"} or {"from":"userId","type":"…"}`,
  );
  return DEFAULT_TENANT_MAPPING_SETTINGS.users.integrationId;
}

function extensionRoles(value: unknown, problems: string[]): TenantMappingSettings['enrollments']['extensionRoles'] {
  const defaults = DEFAULT_TENANT_MAPPING_SETTINGS.enrollments.extensionRoles;
  if (value === undefined) return defaults;
  if (!isObject(value)) {
    problems.push(`enrollments.extensionRoles must be an object like {"ext:IC.coTeacher":"teacher"}, got ${JSON.stringify(value)}`);
    return defaults;
  }
  // The tenant's map is laid over the defaults: a key it names (even as "skip") wins.
  const roles: Record<string, (typeof EXTENSION_ROLE_SETTINGS)[number]> = { ...defaults };
  for (const [role, target] of Object.entries(value)) {
    if (!role.startsWith('ext:')) problems.push(`enrollments.extensionRoles key "${role}" must start with "ext:"`);
    roles[role] = oneOf(target, `enrollments.extensionRoles["${role}"]`, EXTENSION_ROLE_SETTINGS, 'skip', problems);
  }
  return roles;
}
