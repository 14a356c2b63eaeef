import { EntityKind } from '../model';

export interface CollectionEndpoint {
  /** Path under the rostering base URL; `{0}`, `{1}` are the scope ids. */
  path: string;
  collectionKey: string;
  kind: EntityKind;
}

const c = (path: string, collectionKey: string, kind: EntityKind): CollectionEndpoint => ({ path, collectionKey, kind });

/** The rostering collections (OneRoster 1.2 §1.1); `kind` says how to normalise/validate their records. */
export const rosteringCollections = {
  orgs: c('/orgs', 'orgs', 'org'),
  schools: c('/schools', 'orgs', 'org'),
  academicSessions: c('/academicSessions', 'academicSessions', 'academicSession'),
  terms: c('/terms', 'academicSessions', 'academicSession'),
  gradingPeriods: c('/gradingPeriods', 'academicSessions', 'academicSession'),
  courses: c('/courses', 'courses', 'course'),
  classes: c('/classes', 'classes', 'class'),
  users: c('/users', 'users', 'user'),
  students: c('/students', 'users', 'user'),
  teachers: c('/teachers', 'users', 'user'),
  enrollments: c('/enrollments', 'enrollments', 'enrollment'),
  demographics: c('/demographics', 'demographics', 'demographics'),
} as const;

/** Nested (scoped) rostering collections; they need the `roster.readonly` scope. */
export const rosteringScopedCollections = {
  classesForSchool: c('/schools/{0}/classes', 'classes', 'class'),
  coursesForSchool: c('/schools/{0}/courses', 'courses', 'course'),
  enrollmentsForSchool: c('/schools/{0}/enrollments', 'enrollments', 'enrollment'),
  studentsForSchool: c('/schools/{0}/students', 'users', 'user'),
  teachersForSchool: c('/schools/{0}/teachers', 'users', 'user'),
  termsForSchool: c('/schools/{0}/terms', 'academicSessions', 'academicSession'),
  enrollmentsForClassInSchool: c('/schools/{0}/classes/{1}/enrollments', 'enrollments', 'enrollment'),
  studentsForClassInSchool: c('/schools/{0}/classes/{1}/students', 'users', 'user'),
  teachersForClassInSchool: c('/schools/{0}/classes/{1}/teachers', 'users', 'user'),
  studentsForClass: c('/classes/{0}/students', 'users', 'user'),
  teachersForClass: c('/classes/{0}/teachers', 'users', 'user'),
  classesForCourse: c('/courses/{0}/classes', 'classes', 'class'),
  classesForStudent: c('/students/{0}/classes', 'classes', 'class'),
  classesForTeacher: c('/teachers/{0}/classes', 'classes', 'class'),
  classesForUser: c('/users/{0}/classes', 'classes', 'class'),
  classesForTerm: c('/terms/{0}/classes', 'classes', 'class'),
  gradingPeriodsForTerm: c('/terms/{0}/gradingPeriods', 'academicSessions', 'academicSession'),
} as const;

export type RosteringCollection = keyof typeof rosteringCollections;
export type RosteringScopedCollection = keyof typeof rosteringScopedCollections;

/** Body key of single reads, e.g. `/users/{id}` → `user`. */
export const singleKeys: Record<RosteringCollection, string> = {
  orgs: 'org',
  schools: 'org',
  academicSessions: 'academicSession',
  terms: 'academicSession',
  gradingPeriods: 'academicSession',
  courses: 'course',
  classes: 'class',
  users: 'user',
  students: 'user',
  teachers: 'user',
  enrollments: 'enrollment',
  demographics: 'demographics',
};

/** Fills `{0}`, `{1}` with URL-encoded ids. */
export function scopedPath(template: string, ids: readonly string[]): string {
  return template.replace(/\{(\d)\}/g, (_m, index: string) => {
    const id = ids[Number(index)];
    if (!id) throw new Error(`OneRoster path ${template} needs ${template.match(/\{\d\}/g)?.length} id(s)`);
    return encodeURIComponent(id);
  });
}
