import { entitySchema, serviceSchemas } from '../schemas/entity-schemas';
import type { OpenApiSchema } from '../schemas/entity-schemas';
import {
  FieldList,
  academicSessionTypes,
  booleanFields,
  classTypes,
  credentialFields,
  entityFields,
  entityKinds,
  enrollmentRoles,
  guidRefFields,
  learningObjectiveResultFields,
  learningObjectiveScoreSetFields,
  learningObjectiveSetFields,
  orgTypes,
  roleFields,
  scoreScaleValueFields,
  scoreStatuses,
  sexValues,
  userIdFields,
  userProfileFields,
  userRoles,
} from '.';

const sorted = (names: readonly string[]) => [...names].sort();

function namesOf(schema: OpenApiSchema) {
  return { all: sorted(Object.keys(schema.properties ?? {})), required: sorted(schema.required ?? []) };
}

function expectSameNames(list: FieldList, schema: OpenApiSchema) {
  expect({ all: sorted([...list.required, ...list.optional]), required: sorted(list.required) }).toEqual(namesOf(schema));
}

const enumOf = (schema: OpenApiSchema) => sorted(schema.enum ?? schema.anyOf?.find((s) => s.enum)?.enum ?? []);

describe('TypeScript model matches the official OneRoster 1.2 schemas', () => {
  it.each(entityKinds)('%s has exactly the property names and required names of its schema', (kind) => {
    expectSameNames(entityFields[kind], entitySchema(kind));
  });

  const { rostering, gradebook } = serviceSchemas;
  it.each<[string, FieldList, OpenApiSchema]>([
    ['Role', roleFields, rostering.RoleDType],
    ['UserId', userIdFields, rostering.UserIdDType],
    ['UserProfile', userProfileFields, rostering.UserProfileDType],
    ['Credential', credentialFields, rostering.CredentialDType],
    ['LearningObjectiveSet', learningObjectiveSetFields, gradebook.LearningObjectiveSetDType],
    ['LearningObjectiveScoreSet', learningObjectiveScoreSetFields, gradebook.LearningObjectiveScoreSetDType],
    ['LearningObjectiveResult', learningObjectiveResultFields, gradebook.LearningObjectiveResultsDType],
    ['ScoreScaleValue', scoreScaleValueFields, gradebook.ScoreScaleValueDType],
  ])('nested %s has exactly the names of its schema', (_name, list, schema) => expectSameNames(list, schema));

  it('GUIDRef differs from the schema only by the documented relaxation: href is optional', () => {
    const schema = rostering.OrgGUIDRefDType;
    expect(sorted([...guidRefFields.required, ...guidRefFields.optional])).toEqual(namesOf(schema).all);
    expect(sorted([...guidRefFields.required, 'href'])).toEqual(namesOf(schema).required);
  });

  it.each(entityKinds)('%s: boolean fields are exactly the schema\'s "true"/"false" string fields', (kind) => {
    const stringFlags = Object.entries(entitySchema(kind).properties ?? {})
      .filter(([, p]) => p.type === 'string' && sorted(p.enum ?? []).join() === 'false,true')
      .map(([name]) => name);
    expect(sorted(booleanFields[kind] ?? [])).toEqual(sorted(stringFlags));
  });

  it.each<[string, readonly string[], OpenApiSchema | undefined]>([
    ['org type', orgTypes, rostering.OrgDType.properties?.type],
    ['academic session type', academicSessionTypes, rostering.AcademicSessionDType.properties?.type],
    ['class type', classTypes, rostering.ClassDType.properties?.classType],
    ['user role', userRoles, rostering.RoleDType.properties?.role],
    ['enrollment role', enrollmentRoles, rostering.EnrollmentDType.properties?.role],
    ['sex', sexValues, rostering.DemographicsDType.properties?.sex],
    ['score status', scoreStatuses, gradebook.ResultDType.properties?.scoreStatus],
  ])('%s vocabulary equals the schema enum', (_name, values, schema) => {
    expect(sorted(values)).toEqual(enumOf(schema ?? {}));
  });
});
