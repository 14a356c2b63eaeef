import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EntityKind } from '../model';
import { OpenApiSchema, ServiceName, entitySchemaNames, serviceSchemas } from '../schemas/entity-schemas';

/**
 * The one documented relaxation of the official schemas: GUIDRef `href` is optional, because IC and other providers
 * send `{sourcedId, type}` or only `{sourcedId}` (the normaliser fills `type`).
 */
export function relaxSchemas(schemas: Record<string, OpenApiSchema>): Record<string, OpenApiSchema> {
  const relaxed: Record<string, OpenApiSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    relaxed[name] = name.endsWith('GUIDRefDType')
      ? { ...schema, required: (schema.required ?? []).filter((field) => field !== 'href') }
      : schema;
  }
  return relaxed;
}

const documentId = (service: ServiceName) => `urn:rp:oneroster-1.2:${service}`;

function createAjv(): Ajv {
  // strict:false because the OpenAPI documents carry annotation keywords Ajv does not know.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const service of Object.keys(serviceSchemas) as ServiceName[]) {
    ajv.addSchema({ $id: documentId(service), components: { schemas: relaxSchemas(serviceSchemas[service]) } });
  }
  return ajv;
}

let ajv: Ajv | undefined;
const compiled = new Map<EntityKind, ValidateFunction>();

/** Compiled (and cached) validator for one entity kind against its official 1.2 component schema. */
export function schemaValidator(kind: EntityKind): ValidateFunction {
  let validate = compiled.get(kind);
  if (!validate) {
    ajv ??= createAjv();
    const { service, schema } = entitySchemaNames[kind];
    validate = ajv.compile({ $ref: `${documentId(service)}#/components/schemas/${schema}` });
    compiled.set(kind, validate);
  }
  return validate;
}
