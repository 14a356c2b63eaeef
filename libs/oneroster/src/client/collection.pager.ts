import { IncompletePageError, OneRosterPermanentError, OneRosterRetriableError } from '../errors/oneroster.errors';
import { encodeQueryValue } from './filter.builder';
import { OneRosterHttp } from './oneroster-http';
import { bodyExcerpt } from './outbound.policy';
import { safeJson } from './token.provider';

export interface CollectionQuery {
  /** Records per page (IC allows up to 50,000). */
  pageSize?: number;
  filter?: string | { toString(): string };
  fields?: string[];
  sort?: string;
  orderBy?: 'asc' | 'desc';
}

export interface CollectionRequest extends CollectionQuery {
  baseUrl: string;
  /** Path under the base URL, e.g. `/schools/abc/classes`. */
  path: string;
  /** Body key of the collection, e.g. `users`. */
  collectionKey: string;
  /** Extra headers on every page request (IC gradebook: x-vendor-authorization). */
  headers?: Record<string, string>;
  /** Times a short page is re-requested before giving up (default 2). */
  shortPageRetries?: number;
}

/** What told the pager that a collection ended (recorded per collection by the extractor). */
export type PagingEnd = 'total-reached' | 'no-next-link' | 'empty-page';

export interface OneRosterPage {
  endpoint: string;
  offset: number;
  /** X-Total-Count if the provider sent it. */
  total?: number;
  records: Record<string, unknown>[];
  /** Set on the last page only: how the end was decided. */
  end?: PagingEnd;
}

/** Builds the URL of one page (offset paging; also the fallback when there is no `Link rel=next`). */
export function pageUrl(request: CollectionRequest, offset: number): string {
  const params: [string, string][] = [['limit', String(request.pageSize ?? 1000)], ['offset', String(offset)]];
  if (request.filter !== undefined) params.push(['filter', request.filter.toString()]);
  if (request.fields?.length) params.push(['fields', request.fields.join(',')]);
  if (request.sort) params.push(['sort', request.sort]);
  if (request.orderBy) params.push(['orderBy', request.orderBy]);
  return `${request.baseUrl.replace(/\/+$/, '')}${request.path}?${params.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&')}`;
}

/** The `rel="next"` target of an RFC 8288 Link header, resolved against the request URL. */
export function nextLink(header: string | null, requestUrl: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2])) return new URL(match[1], requestUrl).toString();
  }
  return undefined;
}

function offsetOf(url: string): number | undefined {
  const value = new URL(url).searchParams.get('offset');
  return value === null || !/^\d+$/.test(value) ? undefined : Number(value);
}

/**
 * Streams a collection page by page (one page in memory at a time). Follows `Link rel=next`, falls back to offset
 * paging, and reconciles with X-Total-Count: a short or empty page before the total is reached is re-requested and then
 * fails with an IncompletePageError naming the endpoint and offset — never a silent end. A short page is the end only
 * when the provider says so (total reached, no `next` where links are used, or an empty page): a provider that clamps
 * `limit` silently and sends neither totals nor links is asked for the next offset until it answers an empty page.
 */
export async function* fetchPages(http: OneRosterHttp, request: CollectionRequest): AsyncGenerator<OneRosterPage> {
  const limit = request.pageSize ?? 1000;
  let url = pageUrl(request, 0);
  let offset = 0;
  let total: number | undefined;
  let linksUsed = false;
  let previousFirst: unknown;
  for (;;) {
    const page = await fetchCompletePage(http, request, url, offset, limit, total);
    const first = page.records[0]?.sourcedId;
    if (offset > 0 && first !== undefined && first === previousFirst) {
      // Paging by offset until an empty page relies on the provider honouring offset; one that ignores it would loop.
      throw new OneRosterPermanentError(
        `tenant ${http.tenant}: OneRoster ${request.path} answered the same page at offset ${offset} as before (first record ${String(first)}); ` +
          'the provider ignores offset, so the collection cannot be read completely — ask the provider to fix paging',
        { tenant: http.tenant, endpoint: request.path },
      );
    }
    previousFirst = first;
    total = page.total ?? total;
    linksUsed ||= page.linked;
    const received = offset + page.records.length;
    const next = page.next;
    const end = pagingEnd(page.records.length, received, total, next, linksUsed);
    yield { endpoint: page.endpoint, offset: page.offset, total: page.total, records: page.records, ...(end ? { end } : {}) };
    if (end) return;
    if (next) {
      http.assertAllowedUrl(next, request.path, 'its Link rel="next"');
      url = next;
      offset = offsetOf(next) ?? received;
    } else {
      offset = received;
      url = pageUrl(request, offset);
    }
  }
}

/** Whether this page ends the collection, and why; undefined = ask for the next page. */
export function pagingEnd(count: number, received: number, total: number | undefined, next: string | undefined, linksUsed: boolean): PagingEnd | undefined {
  if (total !== undefined && received >= total) return 'total-reached';
  if (count === 0) return 'empty-page';
  if (!next && linksUsed) return 'no-next-link';
  return undefined;
}

async function fetchCompletePage(
  http: OneRosterHttp,
  request: CollectionRequest,
  url: string,
  offset: number,
  limit: number,
  knownTotal: number | undefined,
): Promise<OneRosterPage & { next?: string; linked: boolean }> {
  const retries = request.shortPageRetries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const result = await http.request('GET', url, request.path, { headers: request.headers });
    const body = safeJson(result.text) as Record<string, unknown> | undefined;
    if (body === undefined) {
      // A cut-off body is a transport hiccup: ask again, then fail retriably.
      if (attempt < retries) continue;
      throw new OneRosterRetriableError(
        `tenant ${http.tenant}: OneRoster ${request.path} at offset ${offset} answered HTTP ${result.status} with a body that is not JSON ` +
          `${attempt + 1} times (${bodyExcerpt(result.text)})`,
        { tenant: http.tenant, endpoint: request.path, status: result.status },
      );
    }
    const records = body[request.collectionKey];
    if (!Array.isArray(records)) {
      throw new OneRosterPermanentError(
        `tenant ${http.tenant}: OneRoster ${request.path} at offset ${offset} answered without a '${request.collectionKey}' array; check the base URL and the provider`,
        { tenant: http.tenant, endpoint: request.path, status: result.status },
      );
    }
    const header = result.headers.get('x-total-count');
    const total = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : knownTotal;
    const linkHeader = result.headers.get('link');
    const next = nextLink(linkHeader, url);
    const short = isShortPage(records.length, offset, limit, total, next);
    if (!short) return { endpoint: request.path, offset, total, records, next, linked: !!linkHeader };
    if (attempt >= retries) {
      const expected = total === undefined ? limit : Math.min(limit, total - offset);
      throw new IncompletePageError(
        `tenant ${http.tenant}: OneRoster ${request.path} returned ${records.length} of ${expected} expected records at offset ${offset}` +
          `${total === undefined ? '' : ` (X-Total-Count ${total})`} after ${attempt + 1} attempts; the pull stops instead of treating it as the end`,
        { tenant: http.tenant, endpoint: request.path, status: result.status },
        offset,
        total,
        records.length,
      );
    }
  }
}

/** A page is short when it holds fewer records than the total says remain, or when `next` skips records it lacked. */
function isShortPage(count: number, offset: number, limit: number, total: number | undefined, next: string | undefined): boolean {
  const nextOffset = next ? offsetOf(next) : undefined;
  // A provider that clamps `limit` links the next page right after the last record it sent: not a truncation.
  if (nextOffset !== undefined && nextOffset === offset + count && count > 0) return false;
  if (total !== undefined) return count < Math.min(limit, total - offset);
  return nextOffset !== undefined && nextOffset > offset + count;
}
