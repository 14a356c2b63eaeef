import { EntityKind, GuidRefType, academicSessionTypes, classTypes, enrollmentRoles, orgTypes, scoreStatuses, sexValues } from '../model';

type RefShape = { type: GuidRefType; many?: boolean };

/** Which fields of each kind are GUIDRefs, and to what. (`roles[].org` is handled with the roles.) */
export const guidRefFieldsByKind: Record<EntityKind, Record<string, RefShape>> = {
  org: { parent: { type: 'org' }, children: { type: 'org', many: true } },
  academicSession: { parent: { type: 'academicSession' }, children: { type: 'academicSession', many: true } },
  course: { schoolYear: { type: 'academicSession' }, org: { type: 'org' }, resources: { type: 'resource', many: true } },
  class: {
    course: { type: 'course' },
    school: { type: 'org' },
    terms: { type: 'academicSession', many: true },
    resources: { type: 'resource', many: true },
  },
  user: { primaryOrg: { type: 'org' }, agents: { type: 'user', many: true }, resources: { type: 'resource', many: true } },
  enrollment: { user: { type: 'user' }, class: { type: 'class' }, school: { type: 'org' } },
  demographics: {},
  category: {},
  lineItem: {
    class: { type: 'class' },
    school: { type: 'org' },
    category: { type: 'category' },
    gradingPeriod: { type: 'academicSession' },
    academicSession: { type: 'academicSession' },
    scoreScale: { type: 'scoreScale' },
  },
  result: { lineItem: { type: 'lineItem' }, student: { type: 'user' }, class: { type: 'class' }, scoreScale: { type: 'scoreScale' } },
  scoreScale: { course: { type: 'course' }, class: { type: 'class' } },
};

/** Date-only fields (providers sometimes send full timestamps there). */
export const dateFieldsByKind: Partial<Record<EntityKind, readonly string[]>> = {
  academicSession: ['startDate', 'endDate'],
  enrollment: ['beginDate', 'endDate'],
  demographics: ['birthDate'],
  result: ['scoreDate'],
};

/** Float fields (providers sometimes send numeric strings). */
export const numberFieldsByKind: Partial<Record<EntityKind, readonly string[]>> = {
  category: ['weight'],
  lineItem: ['resultValueMin', 'resultValueMax'],
  result: ['score'],
};

/** Extensible vocabularies per kind, used to repair case/spacing (`Teacher`, `fully_graded`). */
export const vocabularyFieldsByKind: Partial<Record<EntityKind, Record<string, readonly string[]>>> = {
  org: { type: orgTypes },
  academicSession: { type: academicSessionTypes },
  class: { classType: classTypes },
  enrollment: { role: enrollmentRoles },
  demographics: { sex: sexValues },
  result: { scoreStatus: scoreStatuses },
};

/** Array-of-string fields (1.1 CSV-ish providers sometimes send a comma-separated string). */
export const stringListFields = ['grades', 'subjects', 'subjectCodes', 'periods'] as const;
