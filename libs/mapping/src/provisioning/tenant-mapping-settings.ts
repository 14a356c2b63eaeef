import { ENROLLMENT_DROP_STATUSES, type EnrollmentDropStatus } from '@rp/canvas';

/**
 * Per-tenant mapping settings (DESIGN.md §4 "Transformer"). Every rule that a district may want differently is
 * a setting here; `resolveTenantMappingSettings` fills defaults and validates stored JSON once at start-up.
 */

/** The district org maps to the tenant's Canvas root account, or to a named sub-account under it. */
export type DistrictAccountSetting =
  | { mode: 'root' }
  | { mode: 'sub-account'; accountId: string; name?: string };

/** `per-session`: each session of `sessionTypes` is a term. `school-year`: one term per school year (`sy-<year>`). */
export type TermStrategy = 'per-session' | 'school-year';
export const TERM_STRATEGIES: readonly TermStrategy[] = ['per-session', 'school-year'];

/** `course-per-class`: a Canvas course (and one section) per class. `sections-under-course`: one course per OneRoster course × term × school, each class a section. */
export type CourseStrategy = 'course-per-class' | 'sections-under-course';
export const COURSE_STRATEGIES: readonly CourseStrategy[] = ['course-per-class', 'sections-under-course'];

/** Where a Canvas course or section name comes from; a list is tried in order, the first non-empty value wins. */
export type NameSource = 'classTitle' | 'classCode' | 'courseTitle' | 'courseCode';
export const NAME_SOURCES: readonly NameSource[] = ['classTitle', 'classCode', 'courseTitle', 'courseCode'];
/** Name sources shared by every class of a OneRoster course (allowed for consolidated courses). */
export const COURSE_LEVEL_NAME_SOURCES: readonly NameSource[] = ['courseTitle', 'courseCode'];

/** Where a Canvas `login_id` comes from. */
export type LoginIdSource = { from: 'username' } | { from: 'email' } | { from: 'userId'; type: string };
/** Where a Canvas user `integration_id` comes from (`none` leaves it out). */
export type IntegrationIdSource =
  | { from: 'none' }
  | { from: 'userMasterIdentifier' }
  | { from: 'identifier' }
  | { from: 'userId'; type: string };

/** OneRoster roles that may become Canvas observers. */
export type ObserverRole = 'guardian' | 'parent' | 'relative';
export const OBSERVER_ROLES: readonly ObserverRole[] = ['guardian', 'parent', 'relative'];

/** What an enrollment with role `administrator` becomes in Canvas. */
export type AdministratorRoleSetting = 'teacher' | 'ta' | 'designer' | 'skip';
export const ADMINISTRATOR_ROLE_SETTINGS: readonly AdministratorRoleSetting[] = ['teacher', 'ta', 'designer', 'skip'];
/** What a teacher enrollment with `primary=false` becomes in Canvas. */
export type SecondaryTeacherRole = 'teacher' | 'ta';
export const SECONDARY_TEACHER_ROLES: readonly SecondaryTeacherRole[] = ['teacher', 'ta'];
/** Canvas role for a custom (`ext:`) OneRoster enrollment role, or skip it. */
export type ExtensionRoleSetting = 'student' | 'teacher' | 'ta' | 'designer' | 'observer' | 'skip';
export const EXTENSION_ROLE_SETTINGS: readonly ExtensionRoleSetting[] = [
  'student', 'teacher', 'ta', 'designer', 'observer', 'skip',
];

/** Canvas enrollment status given to a dropped enrollment (tobedeleted, ended, or its user tobedeleted). */
export type DropPolicy = EnrollmentDropStatus;
/** The enrollment's destructive statuses of the Canvas entity catalogue. */
export const DROP_POLICIES: readonly DropPolicy[] = ENROLLMENT_DROP_STATUSES;

export interface TenantMappingSettings {
  /** IANA time zone of the district: session dates are local calendar dates. */
  timeZone: string;
  districtAccount: DistrictAccountSetting;
  terms: {
    strategy: TermStrategy;
    /** per-session: the session types that become Canvas terms; others resolve to their nearest such parent. */
    sessionTypes: readonly string[];
  };
  courses: {
    strategy: CourseStrategy;
    shortName: readonly NameSource[];
    longName: readonly NameSource[];
    sectionName: readonly NameSource[];
    /** true → new courses are `published`; false → `active` (unpublished until a teacher publishes). */
    publish: boolean;
  };
  users: {
    /** Tried in order; the first non-empty value is the login id. */
    loginId: readonly LoginIdSource[];
    integrationId: IntegrationIdSource;
    email: boolean;
    /** Use preferredFirstName / preferredLastName when present. */
    preferredNames: boolean;
  };
  observers: {
    /** Provision guardians as Canvas users with `user_observers` links to their students (via `agents`). */
    enabled: boolean;
    roles: readonly ObserverRole[];
  };
  enrollments: {
    administratorRole: AdministratorRoleSetting;
    secondaryTeacherRole: SecondaryTeacherRole;
    /**
     * Custom enrollment roles, e.g. `{ "ext:IC.coTeacher": "teacher" }`; an unlisted ext role is skipped. Infinite
     * Campus sends its aides as `ext:aide`, so `{ "ext:aide": "ta" }` is a default a tenant's own map overrides
     * (`"skip"` turns it off).
     */
    extensionRoles: Readonly<Record<string, ExtensionRoleSetting>>;
    dropPolicy: DropPolicy;
  };
  parking: {
    /**
     * A record still waiting (parked) for a parent after this many hours is flagged in `ops parked list` and the
     * `rp_transformer_parked_stale` gauge: its parent is not in IC's data, or IC's data is inconsistent.
     */
    flagAfterHours: number;
  };
}

/** Defaults: root account, a term per term/semester/school year, a course per class, login from username. */
/** Extension roles every tenant gets unless its own map says otherwise (DESIGN.md: aide → ta). */
export const DEFAULT_EXTENSION_ROLES: Readonly<Record<string, ExtensionRoleSetting>> = Object.freeze({ 'ext:aide': 'ta' });

export const DEFAULT_TENANT_MAPPING_SETTINGS: TenantMappingSettings = {
  timeZone: 'UTC',
  districtAccount: { mode: 'root' },
  terms: { strategy: 'per-session', sessionTypes: ['schoolYear', 'semester', 'term'] },
  courses: {
    strategy: 'course-per-class',
    shortName: ['classCode', 'classTitle'],
    longName: ['classTitle'],
    sectionName: ['classTitle'],
    publish: false,
  },
  users: { loginId: [{ from: 'username' }], integrationId: { from: 'none' }, email: true, preferredNames: true },
  observers: { enabled: false, roles: ['guardian', 'parent', 'relative'] },
  enrollments: {
    administratorRole: 'skip',
    secondaryTeacherRole: 'teacher',
    extensionRoles: DEFAULT_EXTENSION_ROLES,
    dropPolicy: 'deleted_last_completed',
  },
  parking: { flagAfterHours: 24 },
};

/** Course naming defaults for consolidated courses, where class-level names would differ between sections. */
export const SECTIONS_UNDER_COURSE_NAMING = {
  shortName: ['courseCode', 'courseTitle'],
  longName: ['courseTitle'],
  sectionName: ['classTitle'],
} as const satisfies Pick<TenantMappingSettings['courses'], 'shortName' | 'longName' | 'sectionName'>;
