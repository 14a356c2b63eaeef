import type { ApiResponse } from './http/types';

/** Canvas's per_page rules: default 10, clamped to 1..100. */
export function perPage(query: URLSearchParams): number {
  const n = Number.parseInt(query.get('per_page') ?? '10', 10);
  return Number.isFinite(n) ? Math.min(100, Math.max(1, n)) : 10;
}

const encodeToken = (offset: number) => `bookmark:${Buffer.from(JSON.stringify([offset])).toString('base64url')}`;
function decodeToken(page: string | null): number {
  if (!page) return 0;
  const m = /^bookmark:(.+)$/.exec(page);
  if (!m) return 0;
  try {
    const [offset] = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as [number];
    return Number.isInteger(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
}

/**
 * Pages a list with opaque bookmark tokens and a `Link` header (current, next, prev, first; no last,
 * which Canvas also omits for bookmarked collections).
 */
export function paginate<T>(
  items: T[],
  req: { baseUrl: string; path: string; query: URLSearchParams },
  render: (item: T) => unknown,
): ApiResponse {
  const size = perPage(req.query);
  const raw = req.query.get('page');
  const offset = raw && /^\d+$/.test(raw) ? (Math.max(1, Number(raw)) - 1) * size : decodeToken(raw);
  const pageItems = items.slice(offset, offset + size);
  const link = (o: number, rel: string) => {
    const q = new URLSearchParams(req.query);
    q.delete('access_token'); // Canvas drops the token from pagination links
    q.set('page', encodeToken(o));
    q.set('per_page', String(size));
    return `<${req.baseUrl}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links = [link(offset, 'current')];
  if (offset + size < items.length) links.push(link(offset + size, 'next'));
  if (offset > 0) links.push(link(Math.max(0, offset - size), 'prev'));
  links.push(link(0, 'first'));
  return { status: 200, body: pageItems.map(render), headers: { Link: links.join(',') } };
}
