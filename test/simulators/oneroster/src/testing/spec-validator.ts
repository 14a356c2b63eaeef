import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSpec, referenceSpecsDir } from '@rp/testing';

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>; components: unknown };

/** The official OneRoster 1.2 OpenAPI files (REFERENCE_SPECS_DIR, default ../shared/specs). */
export const SPEC_DIR = join(referenceSpecsDir(), 'oneroster-1.2');
const FILES = { rostering: 'onerosterv1p2rostersservice_openapi3_v1p0.json', gradebook: 'onerosterv1p2gradebookservice_openapi3_v1p0.json' };

/** Validates bodies against the official OneRoster 1.2 OpenAPI schemas ($refs resolved by ajv). */
export class SpecValidator {
  readonly specs: Record<'rostering' | 'gradebook', OpenApi>;
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
    this.specs = {
      rostering: JSON.parse(readFileSync(referenceSpec(`oneroster-1.2/${FILES.rostering}`), 'utf8')),
      gradebook: JSON.parse(readFileSync(referenceSpec(`oneroster-1.2/${FILES.gradebook}`), 'utf8')),
    };
    for (const [service, spec] of Object.entries(this.specs)) this.ajv.addSchema({ components: spec.components }, service);
  }

  /** The schema name the spec declares for an operation's response, e.g. `UserSetDType`. */
  responseSchema(service: 'rostering' | 'gradebook', specPath: string, method: string, status: number): string {
    const op = this.specs[service].paths[specPath]?.[method.toLowerCase()];
    if (!op) throw new Error(`the ${service} spec has no ${method} ${specPath}`);
    // Statuses an operation does not list (e.g. 404 on scoped collections) fall under its `default` response.
    const response = op.responses[String(status)] ?? op.responses.default;
    const ref = response?.content?.['application/json']?.schema.$ref;
    if (!ref) throw new Error(`the ${service} spec declares no JSON body for ${method} ${specPath} → ${status}`);
    return ref.split('/').pop()!;
  }

  /** Validation errors (empty when valid) of `body` against a named component schema. */
  errors(service: 'rostering' | 'gradebook', schema: string, body: unknown): string[] {
    const key = `${service}#/components/schemas/${schema}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.getSchema(key);
      if (!validate) throw new Error(`no schema ${key}`);
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
