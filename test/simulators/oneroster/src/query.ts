import { badRequest } from './imsx';
import { evaluateFilter, FilterSyntaxError, filterFields, parseFilter } from './filter';
import { PageRequest, parsePage } from './paging';
import { Wire } from './serialize';
import { fieldResolver } from './record-fields';

export interface CollectionQuery<T> {
  records: T[];
  params: URLSearchParams;
  /** Allowed top-level field names of the entity. */
  fields: readonly string[];
  /** Wire form used for filtering and sorting (spec-conforming, no quirks). */
  canonical: (r: T) => Wire;
  /** Wire form sent to the client (quirks applied). */
  present: (r: T) => Wire;
  pageSizeCap: number;
  /** Caches filtered/sorted lists (keyed by filter and sort) for the store's current version. */
  memo: <V>(key: string, build: () => V) => V;
  cacheKey: string;
}

export interface CollectionPage {
  items: Wire[];
  total: number;
  page: PageRequest;
}

function checkField(fields: readonly string[], path: string, kind: 'filter' | 'selection' | 'sort'): void {
  if (!fields.includes(path.split('.')[0])) {
    throw badRequest(kind === 'filter' ? 'invalid_filter_field' : 'invalid_selection_field', `unknown ${kind} field "${path}"`);
  }
}

/** limit/offset/sort/orderBy/filter/fields over a record list, per the OneRoster 1.2 REST binding. */
export function runCollection<T>(q: CollectionQuery<T>): CollectionPage {
  const page = parsePage(q.params, q.pageSizeCap);
  if (typeof page === 'string') throw badRequest('invalid_selection_field', page);
  const filterText = q.params.get('filter');
  const sort = q.params.get('sort');
  const orderBy = q.params.get('orderBy') ?? 'asc';
  if (orderBy !== 'asc' && orderBy !== 'desc') throw badRequest('invalid_selection_field', `orderBy must be asc or desc, got "${orderBy}"`);
  if (sort) checkField(q.fields, sort, 'sort');
  const selected = (q.params.get('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of selected) checkField(q.fields, f, 'selection');

  let expr: ReturnType<typeof parseFilter> | undefined;
  if (filterText) {
    try {
      expr = parseFilter(filterText);
    } catch (e) {
      if (e instanceof FilterSyntaxError) throw badRequest('invalid_filter_field', e.message);
      throw e;
    }
    for (const f of filterFields(expr)) checkField(q.fields, f, 'filter');
  }
  const list = q.memo(`${q.cacheKey}|${filterText ?? ''}|${sort ?? ''}|${orderBy}`, () => {
    let rows = q.records;
    if (expr) rows = rows.filter((r) => evaluateFilter(expr!, r, fieldResolver(r, q.canonical)));
    if (sort) {
      const keyed = rows.map((r) => ({ r, k: String(fieldResolver(r, q.canonical)(sort)[0] ?? '') }));
      const sign = orderBy === 'desc' ? -1 : 1;
      keyed.sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : 0));
      rows = keyed.map((x) => x.r);
    }
    return rows;
  });
  const items = list.slice(page.offset, page.offset + page.limit).map((r) => {
    const wire = q.present(r);
    return selected.length ? Object.fromEntries(selected.filter((f) => f in wire).map((f) => [f, wire[f]])) : wire;
  });
  return { items, total: list.length, page };
}

/** `fields` on a single read. */
export function projectOne(wire: Wire, params: URLSearchParams, fields: readonly string[]): Wire {
  const selected = (params.get('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of selected) checkField(fields, f, 'selection');
  return selected.length ? Object.fromEntries(selected.filter((f) => f in wire).map((f) => [f, wire[f]])) : wire;
}
