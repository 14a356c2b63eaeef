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

function createAjv(relaxed: boolean): Ajv {
  // strict:false because the OpenAPI documents carry annotation keywords Ajv does not know.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const service of Object.keys(serviceSchemas) as ServiceName[]) {
    const schemas = serviceSchemas[service];
    ajv.addSchema({ $id: documentId(service), components: { schemas: relaxed ? relaxSchemas(schemas) : schemas } });
  }
  return ajv;
}

const validators = {
  relaxed: { ajv: undefined as Ajv | undefined, compiled: new Map<EntityKind, ValidateFunction>() },
  strict: { ajv: undefined as Ajv | undefined, compiled: new Map<EntityKind, ValidateFunction>() },
};

function validatorOf(mode: keyof typeof validators, kind: EntityKind): ValidateFunction {
  const cache = validators[mode];
  let validate = cache.compiled.get(kind);
  if (!validate) {
    cache.ajv ??= createAjv(mode === 'relaxed');
    const { service, schema } = entitySchemaNames[kind];
    validate = cache.ajv.compile({ $ref: `${documentId(service)}#/components/schemas/${schema}` });
    cache.compiled.set(kind, validate);
  }
  return validate;
}

/** Compiled (and cached) validator for one entity kind against its official 1.2 component schema, relaxed for reading. */
export function schemaValidator(kind: EntityKind): ValidateFunction {
  return validatorOf('relaxed', kind);
}

/** The official 1.2 component schema exactly as published (no relaxation): what the platform writes must pass it. */
export function strictSchemaValidator(kind: EntityKind): ValidateFunction {
  return validatorOf('strict', kind);
}
