import type {
  AcademicSessionRecord, CategoryRecord, ClassRecord, CourseRecord, EnrollmentRecord, OrgRecord, UserRecord,
} from '@rp/fixtures';
import type { QuirkSwitches } from './options';

export type Wire = Record<string, unknown>;

export interface WireContext {
  rosteringUrl: string;
  gradebookUrl: string;
  quirks: QuirkSwitches;
}

const REF_PATH: Record<string, [base: 'rostering' | 'gradebook', path: string]> = {
  org: ['rostering', 'orgs'], academicSession: ['rostering', 'academicSessions'], course: ['rostering', 'courses'],
  class: ['rostering', 'classes'], user: ['rostering', 'users'], category: ['gradebook', 'categories'],
  lineItem: ['gradebook', 'lineItems'], scoreScale: ['gradebook', 'scoreScales'],
};

/** A GUIDRef with href and type, or the bare `{sourcedId}` some providers send. */
export function ref(ctx: WireContext, type: string, sourcedId: string): Wire {
  if (ctx.quirks.bareGuidRefs) return { sourcedId };
  const [base, path] = REF_PATH[type];
  return { href: `${base === 'rostering' ? ctx.rosteringUrl : ctx.gradebookUrl}/${path}/${sourcedId}`, sourcedId, type };
}

function bool(ctx: WireContext, value: boolean): string | boolean {
  return ctx.quirks.jsonBooleans ? value : String(value);
}

function base(r: { sourcedId: string; status: string; dateLastModified: string; metadata?: Record<string, unknown> }): Wire {
  const out: Wire = { sourcedId: r.sourcedId, status: r.status, dateLastModified: r.dateLastModified };
  if (r.metadata) out.metadata = r.metadata;
  return out;
}

export function orgToWire(r: OrgRecord, ctx: WireContext): Wire {
  const out: Wire = { ...base(r), name: r.name, type: r.type, identifier: r.identifier };
  if (r.parentSourcedId) out.parent = ref(ctx, 'org', r.parentSourcedId);
  out.children = r.childSourcedIds.map((id) => ref(ctx, 'org', id));
  return out;
}

export function sessionToWire(r: AcademicSessionRecord, ctx: WireContext): Wire {
  const out: Wire = { ...base(r), title: r.title, startDate: r.startDate, endDate: r.endDate, type: r.type };
  if (r.parentSourcedId) out.parent = ref(ctx, 'academicSession', r.parentSourcedId);
  out.children = r.childSourcedIds.map((id) => ref(ctx, 'academicSession', id));
  out.schoolYear = r.schoolYear;
  return out;
}

export function courseToWire(r: CourseRecord, ctx: WireContext): Wire {
  return {
    ...base(r), title: r.title, schoolYear: ref(ctx, 'academicSession', r.schoolYearSourcedId), courseCode: r.courseCode,
    grades: r.grades, subjects: r.subjects, org: ref(ctx, 'org', r.orgSourcedId),
  };
}

export function classToWire(r: ClassRecord, ctx: WireContext): Wire {
  return {
    ...base(r), title: r.title, classCode: r.classCode, classType: r.classType, location: r.location, grades: r.grades,
    subjects: r.subjects, course: ref(ctx, 'course', r.courseSourcedId), school: ref(ctx, 'org', r.schoolSourcedId),
    terms: r.termSourcedIds.map((id) => ref(ctx, 'academicSession', id)), periods: r.periods,
  };
}

export function userToWire(r: UserRecord, ctx: WireContext): Wire {
  const out: Wire = {
    ...base(r), username: r.username, userIds: r.userIds, enabledUser: bool(ctx, r.enabledUser), givenName: r.givenName,
    familyName: r.familyName,
  };
  if (r.middleName) out.middleName = r.middleName;
  if (r.preferredFirstName) out.preferredFirstName = r.preferredFirstName;
  out.roles = r.roles.map((role) => {
    const wire: Wire = {
      roleType: role.roleType, role: ctx.quirks.extRoles && role.role === 'aide' ? 'ext:paraprofessional' : role.role,
      org: ref(ctx, 'org', role.orgSourcedId),
    };
    if (role.beginDate) wire.beginDate = role.beginDate;
    if (role.endDate) wire.endDate = role.endDate;
    return wire;
  });
  out.primaryOrg = ref(ctx, 'org', r.primaryOrgSourcedId);
  out.identifier = r.identifier;
  out.email = r.email;
  if (r.phone) out.phone = r.phone;
  out.agents = r.agentSourcedIds.map((id) => ref(ctx, 'user', id));
  out.grades = r.grades;
  return out;
}

export function enrollmentToWire(r: EnrollmentRecord, ctx: WireContext): Wire {
  const out: Wire = {
    ...base(r), user: ref(ctx, 'user', r.userSourcedId), class: ref(ctx, 'class', r.classSourcedId),
    school: ref(ctx, 'org', r.schoolSourcedId), role: ctx.quirks.extRoles && r.role === 'proctor' ? 'ext:aide' : r.role,
  };
  if (r.primary !== undefined) out.primary = bool(ctx, r.primary);
  out.beginDate = r.beginDate;
  out.endDate = r.endDate;
  return out;
}

export function categoryToWire(r: CategoryRecord): Wire {
  // INST: a category without metadata.classId is global; IC's are per class.
  return { ...base(r), metadata: { ...r.metadata, classId: r.classSourcedId }, title: r.title, weight: r.weight };
}

/** Top-level field names per entity (from the OpenAPI DTypes): filter, sort and `fields` must name one of these. */
export const ENTITY_FIELDS: Record<string, readonly string[]> = {
  org: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'name', 'type', 'identifier', 'parent', 'children'],
  academicSession: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'title', 'startDate', 'endDate', 'type', 'parent', 'children', 'schoolYear'],
  course: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'title', 'schoolYear', 'courseCode', 'grades', 'subjects', 'org', 'subjectCodes', 'resources'],
  class: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'title', 'classCode', 'classType', 'location', 'grades', 'subjects', 'course', 'school', 'terms', 'subjectCodes', 'periods', 'resources'],
  user: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'userMasterIdentifier', 'username', 'userIds', 'enabledUser', 'givenName', 'familyName', 'middleName', 'preferredFirstName', 'preferredMiddleName', 'preferredLastName', 'pronouns', 'roles', 'userProfiles', 'primaryOrg', 'identifier', 'email', 'sms', 'phone', 'agents', 'grades', 'password', 'resources'],
  demographics: [
    'sourcedId', 'status', 'dateLastModified', 'metadata', 'birthDate', 'sex', 'americanIndianOrAlaskaNative', 'asian',
    'blackOrAfricanAmerican', 'nativeHawaiianOrOtherPacificIslander', 'white', 'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity', 'countryOfBirthCode', 'stateOfBirthAbbreviation', 'cityOfBirth', 'publicSchoolResidenceStatus',
  ],
  enrollment: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'user', 'class', 'school', 'role', 'primary', 'beginDate', 'endDate'],
  category: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'title', 'weight'],
  lineItem: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'title', 'description', 'assignDate', 'dueDate', 'class', 'school', 'category', 'gradingPeriod', 'academicSession', 'scoreScale', 'resultValueMin', 'resultValueMax', 'learningObjectiveSet'],
  result: ['sourcedId', 'status', 'dateLastModified', 'metadata', 'lineItem', 'student', 'class', 'scoreScale', 'scoreStatus', 'score', 'textScore', 'scoreDate', 'comment', 'learningObjectiveSet', 'inProgress', 'incomplete', 'late', 'missing'],
};
