import { ApiContext, ApiRequest, ApiResponse } from './api-context';
import { GradebookKind } from './gradebook-store';
import { acceptCategory, acceptLineItem, acceptResult } from './gradebook.validation';
import { notFound, unprocessable } from './imsx';
import { projectOne, runCollection } from './query';
import { compileRoutes, matchRoute } from './router';
import { ENTITY_FIELDS, Wire } from './serialize';

interface GradebookRoute {
  pattern: string;
  kind: GradebookKind;
  key: string;
  /** `core`: gradebook-core.readonly or gradebook.readonly; `full`: gradebook.readonly. */
  scope: 'core' | 'full';
  list?: (ctx: ApiContext, p: Record<string, string>) => Wire[] | undefined;
  single?: boolean;
}

const ENTITY: Record<GradebookKind, string> = { categories: 'category', lineItems: 'lineItem', results: 'result' };
const SINGULAR: Record<GradebookKind, string> = { categories: 'category', lineItems: 'lineItem', results: 'result' };
const refOf = (w: Wire, field: string) => (w[field] as { sourcedId?: string } | undefined)?.sourcedId;
const knownClass = (ctx: ApiContext, id: string) => !!ctx.store.get('classes', id);

const READS: GradebookRoute[] = [
  { pattern: '/categories', kind: 'categories', key: 'categories', scope: 'core', list: (ctx) => ctx.gradebook.all('categories') },
  { pattern: '/categories/:id', kind: 'categories', key: 'category', scope: 'core', single: true },
  { pattern: '/lineItems', kind: 'lineItems', key: 'lineItems', scope: 'core', list: (ctx) => ctx.gradebook.all('lineItems') },
  { pattern: '/lineItems/:id', kind: 'lineItems', key: 'lineItem', scope: 'core', single: true },
  { pattern: '/results', kind: 'results', key: 'results', scope: 'core', list: (ctx) => ctx.gradebook.all('results') },
  { pattern: '/results/:id', kind: 'results', key: 'result', scope: 'core', single: true },
  { pattern: '/classes/:classSourcedId/categories', kind: 'categories', key: 'categories', scope: 'full', list: (ctx, p) => (knownClass(ctx, p.classSourcedId) ? ctx.gradebook.categoriesForClass(p.classSourcedId) : undefined) },
  { pattern: '/classes/:classSourcedId/lineItems', kind: 'lineItems', key: 'lineItems', scope: 'full', list: (ctx, p) => (knownClass(ctx, p.classSourcedId) ? ctx.gradebook.all('lineItems').filter((l) => refOf(l, 'class') === p.classSourcedId) : undefined) },
  { pattern: '/classes/:classSourcedId/results', kind: 'results', key: 'results', scope: 'full', list: (ctx, p) => (knownClass(ctx, p.classSourcedId) ? ctx.gradebook.all('results').filter((r) => refOf(r, 'class') === p.classSourcedId) : undefined) },
  {
    pattern: '/classes/:classSourcedId/lineItems/:lineItemSourcedId/results', kind: 'results', key: 'results', scope: 'full',
    list: (ctx, p) => {
      const lineItem = ctx.gradebook.tables.lineItems.get(p.lineItemSourcedId);
      if (!knownClass(ctx, p.classSourcedId) || !lineItem || refOf(lineItem, 'class') !== p.classSourcedId) return undefined;
      return ctx.gradebook.all('results').filter((r) => refOf(r, 'lineItem') === p.lineItemSourcedId);
    },
  },
  {
    pattern: '/classes/:classSourcedId/students/:studentSourcedId/results', kind: 'results', key: 'results', scope: 'full',
    list: (ctx, p) => (knownClass(ctx, p.classSourcedId) && ctx.store.get('users', p.studentSourcedId)
      ? ctx.gradebook.all('results').filter((r) => refOf(r, 'class') === p.classSourcedId && refOf(r, 'student') === p.studentSourcedId)
      : undefined),
  },
];
const COMPILED_READS = compileRoutes(READS);
const COMPILED_WRITES = compileRoutes<{ pattern: string; kind: GradebookKind }>([
  { pattern: '/categories/:id', kind: 'categories' }, { pattern: '/lineItems/:id', kind: 'lineItems' }, { pattern: '/results/:id', kind: 'results' },
]);
const ACCEPT = { categories: acceptCategory, lineItems: acceptLineItem, results: acceptResult };

/** OneRoster 1.2 gradebook service: reads (incl. class-scoped), PUT upserts (201 create / 200 update), DELETE. */
export function handleGradebook(ctx: ApiContext, req: ApiRequest): ApiResponse {
  if (req.method === 'GET') return read(ctx, req);
  const write = matchRoute(COMPILED_WRITES, req.path);
  if (!write || (req.method !== 'PUT' && req.method !== 'DELETE')) throw notFound(`${req.method} ${req.path}`);
  const { kind } = write.route;
  const id = write.params.id;
  const record = (status: number, body?: unknown) =>
    ctx.gradebook.record({
      at: ctx.now().toISOString(), method: req.method as 'PUT' | 'DELETE', kind, sourcedId: id, status, body,
      headers: pick(req.headers, ['x-vendor-authorization', 'content-type', 'traceparent', 'user-agent']),
    });
  if (req.method === 'DELETE') {
    ctx.tokens.authorize(req.headers.authorization, ['gradebook.delete']);
    const removed = ctx.gradebook.remove(kind, id);
    if (kind === 'lineItems' && removed) {
      for (const r of ctx.gradebook.all('results')) if (refOf(r, 'lineItem') === id) ctx.gradebook.remove('results', r.sourcedId as string);
    }
    record(removed ? 204 : 404);
    if (!removed) throw notFound(`${SINGULAR[kind]} ${id}`);
    return { status: 204 };
  }
  ctx.tokens.authorize(req.headers.authorization, ['gradebook.createput']);
  try {
    if (req.body === undefined) throw unprocessable('request body is not valid JSON');
    const stored = ACCEPT[kind](ctx, id, req.body);
    const created = ctx.gradebook.upsert(kind, stored);
    record(created ? 201 : 200, req.body);
    return { status: created ? 201 : 200, body: { [SINGULAR[kind]]: stored } };
  } catch (e) {
    record((e as { status?: number }).status ?? 500, req.body);
    throw e;
  }
}

function read(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const match = matchRoute(COMPILED_READS, req.path);
  if (!match) throw notFound(`path ${req.path}`);
  const { route, params } = match;
  ctx.tokens.authorize(req.headers.authorization, route.scope === 'core' ? ['gradebook-core.readonly', 'gradebook.readonly'] : ['gradebook.readonly']);
  const fields = ENTITY_FIELDS[ENTITY[route.kind]];
  if (route.single) {
    const found = ctx.gradebook.tables[route.kind].get(params.id);
    if (!found) throw notFound(`${route.key} ${params.id}`);
    return { status: 200, body: { [route.key]: projectOne(found, req.url.searchParams, fields) } };
  }
  const records = route.list!(ctx, params);
  if (!records) throw notFound(`parent of ${req.path}`);
  const page = runCollection({
    records, params: req.url.searchParams, fields, canonical: (w) => w, present: (w) => w, pageSizeCap: ctx.pageSizeCap,
    memo: (_key, build) => build(), cacheKey: req.path,
  });
  return { status: 200, body: { [route.key]: page.items }, collection: { key: route.key, total: page.total, limit: page.page.limit, offset: page.page.offset } };
}

function pick(headers: Record<string, string | string[] | undefined>, names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((n) => [n, Array.isArray(headers[n]) ? (headers[n] as string[]).join(', ') : (headers[n] as string | undefined)]));
}
