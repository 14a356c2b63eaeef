import { ApiContext, ApiRequest, ApiResponse } from './api-context';
import { notFound } from './imsx';
import { projectOne, runCollection } from './query';
import { compileRoutes, matchRoute } from './router';
import { ROSTER_ROUTES, TO_WIRE } from './rostering.collections';
import { ENTITY_FIELDS } from './serialize';

const COMPILED = compileRoutes(ROSTER_ROUTES);

/** OneRoster 1.2 rostering service (GET only): collections, single reads and the scoped paths. */
export function handleRostering(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const match = req.method === 'GET' ? matchRoute(COMPILED, req.path) : undefined;
  if (!match) throw notFound(`${req.method} ${req.path}`);
  const { route, params } = match;
  const scopes = { core: ['roster-core.readonly', 'roster.readonly'], full: ['roster.readonly'], demographics: ['roster-demographics.readonly'] };
  ctx.tokens.authorize(req.headers.authorization, scopes[route.scope]);
  const toWire = TO_WIRE[route.entity] as (r: unknown, c: typeof ctx.canonical) => Record<string, unknown>;
  const fields = ENTITY_FIELDS[route.entity];
  if (route.one) {
    const record = route.one(ctx.store, params.id);
    if (!record) throw notFound(`${route.key} ${params.id}`);
    return { status: 200, body: { [route.key]: projectOne(toWire(record, ctx.presented), req.url.searchParams, fields) } };
  }
  const records = route.list!(ctx.store, params);
  if (!records) throw notFound(`parent of ${req.path}`);
  const page = runCollection({
    records, params: req.url.searchParams, fields,
    canonical: (r) => toWire(r, ctx.canonical), present: (r) => toWire(r, ctx.presented),
    pageSizeCap: ctx.pageSizeCap, memo: (key, build) => ctx.store.memo(key, build), cacheKey: `q:${req.path}`,
  });
  return { status: 200, body: { [route.key]: page.items }, collection: { key: route.key, total: page.total, limit: page.page.limit, offset: page.page.offset } };
}
