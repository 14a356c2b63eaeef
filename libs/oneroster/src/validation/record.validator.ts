import { ErrorObject } from 'ajv';
import { EntityKind, OneRosterEntities } from '../model';
import { normaliseRecord, RecordRepair } from '../normalise/record.normaliser';
import { toWireRecord } from '../normalise/wire-format';
import { schemaValidator, strictSchemaValidator } from './schema-compiler';

/** One thing wrong with one record, with everything an operator needs to find and fix it. */
export interface RecordProblem {
  tenant: string;
  entity: EntityKind;
  sourcedId: string;
  /** Path inside the record, e.g. `roles[0].role`. */
  field: string;
  message: string;
}

export interface ValidationContext {
  tenant: string;
  /** Service base URL the record was read from (relative hrefs are resolved against it). */
  baseUrl?: string;
}

/** "tenant acme: user 9f3… field roles[0].role: 'wizard' is not one of …; fix it in the SIS or map it". */
export function describeProblem(problem: RecordProblem): string {
  return `tenant ${problem.tenant}: ${problem.entity} ${problem.sourcedId} field ${problem.field}: ${problem.message}; fix it in the SIS or map it`;
}

/**
 * Reports EVERY problem of a normalised record against the official 1.2 schema (empty list = valid). Reading is
 * relaxed (a reference without `href`, as providers send them); `strict` checks what the platform writes, as published.
 */
export function validateRecord(kind: EntityKind, record: unknown, context: ValidationContext, mode: 'read' | 'strict' = 'read'): RecordProblem[] {
  const wire = record && typeof record === 'object' ? toWireRecord(kind, record as Record<string, unknown>) : record;
  const validate = mode === 'strict' ? strictSchemaValidator(kind) : schemaValidator(kind);
  if (validate(wire)) return [];
  const sourcedId = typeof (wire as { sourcedId?: unknown })?.sourcedId === 'string' ? (wire as { sourcedId: string }).sourcedId : '(no sourcedId)';
  return explainErrors(validate.errors ?? [], wire).map(({ field, message }) => ({
    tenant: context.tenant,
    entity: kind,
    sourcedId,
    field,
    message,
  }));
}

export type ParsedRecord<K extends EntityKind> =
  | { ok: true; record: OneRosterEntities[K]; notes: string[]; repairs: RecordRepair[] }
  | { ok: false; problems: RecordProblem[]; notes: string[]; repairs: RecordRepair[]; record: Record<string, unknown> };

/** Normalises what a provider sent, then validates it; the usual entry point for extracted records. */
export function parseRecord<K extends EntityKind>(kind: K, raw: unknown, context: ValidationContext): ParsedRecord<K> {
  const { record, notes, repairs } = normaliseRecord(kind, raw, { baseUrl: context.baseUrl });
  const problems = validateRecord(kind, record, context);
  if (problems.length > 0) return { ok: false, problems, notes, repairs, record };
  return { ok: true, record: record as unknown as OneRosterEntities[K], notes, repairs };
}

function toFieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), root);
}

const show = (value: unknown) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

const formatHints: Record<string, string> = {
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date-time with time zone (e.g. 2024-08-01T12:00:00Z)',
  uri: 'a URI',
};

function explainErrors(errors: ErrorObject[], wire: unknown): { field: string; message: string }[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const isAnyOfBranch = (e: ErrorObject) => anyOfPaths.some((p) => e.schemaPath.startsWith(`${p}/`));
  const out: { field: string; message: string }[] = [];
  for (const error of errors) {
    if (isAnyOfBranch(error)) continue;
    const value = valueAt(wire, error.instancePath);
    const field = toFieldPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        out.push({ field: join(field, String(params.missingProperty)), message: 'is missing (required by OneRoster 1.2)' });
        break;
      case 'additionalProperties':
        out.push({ field: join(field, String(params.additionalProperty)), message: 'is not a OneRoster 1.2 field here' });
        break;
      case 'enum':
        out.push({ field, message: `${show(value)} is not one of ${(params.allowedValues as string[]).join(', ')}` });
        break;
      case 'anyOf': {
        const allowed = errors
          .filter((e) => e.keyword === 'enum' && e.schemaPath.startsWith(`${error.schemaPath}/`))
          .flatMap((e) => (e.params as { allowedValues: string[] }).allowedValues);
        out.push({ field, message: `${show(value)} is not one of ${allowed.join(', ')}, or an extension value 'ext:…'` });
        break;
      }
      case 'format':
        out.push({ field, message: `${show(value)} is not ${formatHints[String(params.format)] ?? `a valid ${String(params.format)}`}` });
        break;
      case 'minItems':
        out.push({ field, message: `needs at least ${String(params.limit)} item(s)` });
        break;
      default:
        out.push({ field: field || '(record)', message: `${show(value)} ${error.message ?? 'is invalid'}` });
    }
  }
  return out;
}

function join(path: string, property: string): string {
  return path ? `${path}.${property}` : property;
}
