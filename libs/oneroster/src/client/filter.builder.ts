/** OneRoster 1.2 filter operators (`~` = contains). */
export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';
export type FilterValue = string | number | boolean | Date;

export interface FilterPredicate {
  field: string;
  operator: FilterOperator;
  value: FilterValue;
}

const operators: readonly FilterOperator[] = ['=', '!=', '>', '>=', '<', '<=', '~'];

function predicateText({ field, operator, value }: FilterPredicate): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(field)) {
    throw new Error(`OneRoster filter field '${field}' is not a field name (letters, digits, _ and dotted paths only)`);
  }
  if (!operators.includes(operator)) throw new Error(`OneRoster filter operator '${String(operator)}' is not one of ${operators.join(' ')}`);
  const text = value instanceof Date ? value.toISOString() : String(value);
  // The 1.2 binding quotes every value in single quotes; a quote inside a value is doubled (SQL/OData convention).
  return `${field}${operator}'${text.replace(/'/g, "''")}'`;
}

/** A OneRoster filter expression: one predicate, or two joined by a single AND/OR (the 1.2 maximum). */
export class OneRosterFilter {
  private constructor(
    private readonly first: FilterPredicate,
    private readonly logical?: 'AND' | 'OR',
    private readonly second?: FilterPredicate,
  ) {}

  /** Starts a filter with one predicate. */
  static where(field: string, operator: FilterOperator, value: FilterValue): OneRosterFilter {
    const filter = new OneRosterFilter({ field, operator, value });
    filter.toString(); // validate eagerly so mistakes surface where the filter is built
    return filter;
  }

  and(field: string, operator: FilterOperator, value: FilterValue): OneRosterFilter {
    return this.join('AND', { field, operator, value });
  }

  or(field: string, operator: FilterOperator, value: FilterValue): OneRosterFilter {
    return this.join('OR', { field, operator, value });
  }

  /** The expression as OneRoster expects it, e.g. `status='active' AND dateLastModified>'2024-08-01T00:00:00.000Z'`. */
  toString(): string {
    const first = predicateText(this.first);
    return this.second ? `${first} ${this.logical} ${predicateText(this.second)}` : first;
  }

  private join(logical: 'AND' | 'OR', predicate: FilterPredicate): OneRosterFilter {
    if (this.second) throw new Error('OneRoster 1.2 filters allow at most two predicates and one AND/OR');
    const filter = new OneRosterFilter(this.first, logical, predicate);
    filter.toString();
    return filter;
  }
}

/** The delta filter `dateLastModified>'<since>'`. */
export function modifiedSince(since: Date | string): OneRosterFilter {
  return OneRosterFilter.where('dateLastModified', '>', typeof since === 'string' ? since : since.toISOString());
}

/** Strict RFC 3986 encoding of a query value (`'` → %27, space → %20), as providers expect for filters. */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
