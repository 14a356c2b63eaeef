import { AcademicSession, academicSessionFields } from './academic-session.model';
import { FieldList } from './base.model';
import { Category, categoryFields } from './category.model';
import { Class, classFields } from './class.model';
import { Course, courseFields } from './course.model';
import { Demographics, demographicsFields } from './demographics.model';
import { Enrollment, enrollmentFields } from './enrollment.model';
import { LineItem, lineItemFields } from './line-item.model';
import { Org, orgFields } from './org.model';
import { Result, resultFields } from './result.model';
import { ScoreScale, scoreScaleFields } from './score-scale.model';
import { User, userFields } from './user.model';

/** Maps each OneRoster entity kind to its TypeScript type. */
export interface OneRosterEntities {
  org: Org;
  academicSession: AcademicSession;
  course: Course;
  class: Class;
  user: User;
  enrollment: Enrollment;
  demographics: Demographics;
  category: Category;
  lineItem: LineItem;
  result: Result;
  scoreScale: ScoreScale;
}

export type EntityKind = keyof OneRosterEntities;
export type OneRosterRecord = OneRosterEntities[EntityKind];

export const rosteringKinds = ['org', 'academicSession', 'course', 'class', 'user', 'enrollment', 'demographics'] as const;
export const gradebookKinds = ['category', 'lineItem', 'result', 'scoreScale'] as const;
export const entityKinds: readonly EntityKind[] = [...rosteringKinds, ...gradebookKinds];

/** Runtime field lists per entity kind (checked against the OpenAPI schemas in a test). */
export const entityFields: Record<EntityKind, FieldList> = {
  org: orgFields,
  academicSession: academicSessionFields,
  course: courseFields,
  class: classFields,
  user: userFields,
  enrollment: enrollmentFields,
  demographics: demographicsFields,
  category: categoryFields,
  lineItem: lineItemFields,
  result: resultFields,
  scoreScale: scoreScaleFields,
};

/** Fields the 1.2 schema types as "true"/"false" strings; normalised records hold real booleans. */
export const booleanFields: Partial<Record<EntityKind, readonly string[]>> = {
  user: ['enabledUser'],
  enrollment: ['primary'],
  demographics: [
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
  ],
  result: ['inProgress', 'incomplete', 'late', 'missing'],
};
