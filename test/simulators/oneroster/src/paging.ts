export interface PageRequest {
  limit: number;
  offset: number;
}

/** RFC 8288 Link header with first / prev / next / last, keeping every other query parameter of the request. */
export function linkHeader(requestUrl: URL, page: PageRequest, total: number): string {
  const link = (offset: number, rel: string) => {
    const url = new URL(requestUrl.toString());
    url.searchParams.set('limit', String(page.limit));
    url.searchParams.set('offset', String(offset));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / page.limit) * page.limit;
  const links = [link(0, 'first')];
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'prev'));
  if (page.offset + page.limit < total) links.push(link(page.offset + page.limit, 'next'));
  links.push(link(lastOffset, 'last'));
  return links.join(', ');
}

/** Parses `limit`/`offset`: limit defaults to 100 and is clamped to the provider's cap. */
export function parsePage(params: URLSearchParams, cap: number): PageRequest | string {
  const limitText = params.get('limit');
  const offsetText = params.get('offset');
  const limit = limitText === null ? 100 : Number(limitText);
  const offset = offsetText === null ? 0 : Number(offsetText);
  if (!Number.isInteger(limit) || limit < 1) return `limit must be an integer ≥ 1, got "${limitText}"`;
  if (!Number.isInteger(offset) || offset < 0) return `offset must be an integer ≥ 0, got "${offsetText}"`;
  return { limit: Math.min(limit, cap), offset };
}
