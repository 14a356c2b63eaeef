/**
 * OneRoster filter grammar: `field op 'value'` joined by AND / OR, ops = != > >= < <= ~ (contains).
 * Dotted paths reach into GUIDRefs and arrays (`class.sourcedId`, `roles.role`). AND binds tighter than OR.
 */

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface Predicate {
  field: string;
  op: FilterOp;
  value: string;
}

/** Disjunction of conjunctions. */
export type FilterExpr = Predicate[][];

export class FilterSyntaxError extends Error {}

const PREDICATE = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(!=|>=|<=|=|>|<|~)\s*('((?:[^']|'')*)'|[^\s']+)\s*/;
const JOINER = /^(AND|OR)\s+/;

/** Parses a filter; throws FilterSyntaxError naming what is wrong. */
export function parseFilter(text: string): FilterExpr {
  let rest = text.trim();
  if (!rest) throw new FilterSyntaxError('filter is empty');
  const groups: Predicate[][] = [[]];
  for (;;) {
    const m = PREDICATE.exec(rest);
    if (!m) throw new FilterSyntaxError(`cannot parse filter at "${rest}"; expected field<op>'value'`);
    const value = m[4] !== undefined ? m[4].replace(/''/g, "'") : m[3];
    groups[groups.length - 1].push({ field: m[1], op: m[2] as FilterOp, value });
    rest = rest.slice(m[0].length);
    if (!rest) return groups;
    const j = JOINER.exec(rest);
    if (!j) throw new FilterSyntaxError(`expected AND or OR at "${rest}"`);
    if (j[1] === 'OR') groups.push([]);
    rest = rest.slice(j[0].length);
  }
}

/** Every field path the expression names. */
export function filterFields(expr: FilterExpr): string[] {
  return expr.flatMap((group) => group.map((p) => p.field));
}

/** The values at a dotted path; arrays fan out. */
export function valuesAt(object: unknown, path: string): unknown[] {
  let current: unknown[] = [object];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      const value = item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
      if (Array.isArray(value)) next.push(...value);
      else if (value !== undefined && value !== null) next.push(value);
    }
    current = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  return current;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER_LIKE = /^-?\d+(\.\d+)?$/;

/** Compares as dates when both sides are dates, as numbers when both are numeric, else as strings. */
export function compareValues(actual: string, expected: string): number {
  if (DATE_LIKE.test(actual) && DATE_LIKE.test(expected)) {
    return Math.sign(Date.parse(withZone(actual)) - Date.parse(withZone(expected)));
  }
  if (NUMBER_LIKE.test(actual) && NUMBER_LIKE.test(expected)) return Math.sign(Number(actual) - Number(expected));
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

function withZone(date: string): string {
  return date.length === 10 ? `${date}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(date) ? date : `${date}Z`;
}

function matches(values: unknown[], p: Predicate): boolean {
  const strings = values.map((v) => String(v));
  switch (p.op) {
    case '=': return strings.some((v) => compareValues(v, p.value) === 0);
    case '!=': return strings.every((v) => compareValues(v, p.value) !== 0);
    case '>': return strings.some((v) => compareValues(v, p.value) > 0);
    case '>=': return strings.some((v) => compareValues(v, p.value) >= 0);
    case '<': return strings.some((v) => compareValues(v, p.value) < 0);
    case '<=': return strings.some((v) => compareValues(v, p.value) <= 0);
    case '~': return strings.some((v) => v.toLowerCase().includes(p.value.toLowerCase()));
  }
}

/** Whether an object satisfies the expression (`values` may read fields another way than `valuesAt`). */
export function evaluateFilter(expr: FilterExpr, object: unknown, values: (path: string) => unknown[] = (path) => valuesAt(object, path)): boolean {
  return expr.some((group) => group.every((p) => matches(values(p.field), p)));
}
