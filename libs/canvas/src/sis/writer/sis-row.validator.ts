import { SIS_DELETE_MARKER, type SisCsvSpec, type SisCsvValue } from '../model';

const DATE_COLUMNS = new Set(['start_date', 'end_date']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isBlank(value: SisCsvValue): boolean {
  return value === undefined || value === null || value === '';
}

/** Lists what is wrong with one row for Canvas (empty list = valid); one message per problem. */
export function validateSisRow<Row extends object>(spec: SisCsvSpec<Row>, row: object): string[] {
  const cells = row as Record<string, SisCsvValue>;
  const problems: string[] = [];
  const known = new Set<string>(spec.columns);
  for (const key of Object.keys(cells)) {
    if (!known.has(key)) problems.push(`unknown column ${key} (${spec.fileName} has: ${spec.columns.join(', ')})`);
  }
  for (const column of spec.required) {
    if (isBlank(cells[column])) problems.push(`${column} is required`);
  }
  for (const group of spec.oneOf) {
    if (group.every((column) => isBlank(cells[column]))) problems.push(`one of ${group.join(' or ')} is required`);
  }
  for (const [column, allowed] of Object.entries(spec.enums) as [string, readonly string[]][]) {
    const value = cells[column];
    if (!isBlank(value) && !allowed.includes(String(value))) {
      problems.push(`${column} "${String(value)}" is not one of ${allowed.join(', ')}`);
    }
  }
  for (const column of spec.booleans) {
    const value = cells[column];
    if (!isBlank(value) && typeof value !== 'boolean') problems.push(`${column} must be true or false`);
  }
  for (const [column, value] of Object.entries(cells)) {
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) problems.push(`${column} is not valid UTF-8 text`);
    if (DATE_COLUMNS.has(column) && typeof value === 'string' && value !== '' && value !== SIS_DELETE_MARKER && !ISO_8601.test(value)) {
      problems.push(`${column} "${value}" is not an ISO 8601 date`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`${column} is not a finite number`);
  }
  return problems;
}
