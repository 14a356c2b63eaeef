import { EntityKind } from '../model';
import gradebook from './gradebook.schemas.json';
import rostering from './rostering.schemas.json';

export type OpenApiSchema = {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  enum?: string[];
  anyOf?: OpenApiSchema[];
  items?: OpenApiSchema;
  $ref?: string;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean;
  minItems?: number;
};

/** Official component schemas per service (extracted copies, see scripts/extract-schemas.ts). */
export const serviceSchemas = {
  rostering: rostering.schemas as unknown as Record<string, OpenApiSchema>,
  gradebook: gradebook.schemas as unknown as Record<string, OpenApiSchema>,
};

export type ServiceName = keyof typeof serviceSchemas;

/** Where each entity kind's schema lives in the official documents. */
export const entitySchemaNames: Record<EntityKind, { service: ServiceName; schema: string }> = {
  org: { service: 'rostering', schema: 'OrgDType' },
  academicSession: { service: 'rostering', schema: 'AcademicSessionDType' },
  course: { service: 'rostering', schema: 'CourseDType' },
  class: { service: 'rostering', schema: 'ClassDType' },
  user: { service: 'rostering', schema: 'UserDType' },
  enrollment: { service: 'rostering', schema: 'EnrollmentDType' },
  demographics: { service: 'rostering', schema: 'DemographicsDType' },
  category: { service: 'gradebook', schema: 'CategoryDType' },
  lineItem: { service: 'gradebook', schema: 'LineItemDType' },
  result: { service: 'gradebook', schema: 'ResultDType' },
  scoreScale: { service: 'gradebook', schema: 'ScoreScaleDType' },
};

/** The component schema of an entity kind. */
export function entitySchema(kind: EntityKind): OpenApiSchema {
  const { service, schema } = entitySchemaNames[kind];
  return serviceSchemas[service][schema];
}
