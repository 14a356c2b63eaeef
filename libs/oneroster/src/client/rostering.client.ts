import { OneRosterPermanentError } from '../errors/oneroster.errors';
import { CollectionQuery, OneRosterPage, fetchPages } from './collection.pager';
import { encodeQueryValue, modifiedSince } from './filter.builder';
import { OneRosterConnectionSettings, OneRosterPorts, createOneRosterHttp } from './oneroster-connection';
import { OneRosterHttp } from './oneroster-http';
import {
  CollectionEndpoint,
  RosteringCollection,
  RosteringScopedCollection,
  rosteringCollections,
  rosteringScopedCollections,
  scopedPath,
  singleKeys,
} from './rostering-endpoints';
import { safeJson } from './token.provider';

export type RawRecord = Record<string, unknown>;

/** Reads a tenant's rostering data (raw provider records; normalise + validate them with `parseRecord`). */
export class RosteringClient {
  readonly http: OneRosterHttp;

  constructor(
    private readonly settings: OneRosterConnectionSettings,
    ports: OneRosterPorts = {},
    http?: OneRosterHttp,
  ) {
    this.http = http ?? createOneRosterHttp(settings, ports);
  }

  /** Streams a collection page by page, e.g. `pages('users', { filter })`. */
  pages(collection: RosteringCollection, query: CollectionQuery = {}): AsyncIterable<OneRosterPage> {
    return this.pagesOf(rosteringCollections[collection], [], query);
  }

  /** Streams a scoped collection page by page, e.g. `scopedPages('classesForSchool', [schoolId])`. */
  scopedPages(collection: RosteringScopedCollection, ids: readonly string[], query: CollectionQuery = {}): AsyncIterable<OneRosterPage> {
    return this.pagesOf(rosteringScopedCollections[collection], ids, query);
  }

  /** Streams every record of a collection. */
  records(collection: RosteringCollection, query: CollectionQuery = {}): AsyncIterable<RawRecord> {
    return flatten(this.pages(collection, query));
  }

  /** Streams every record of a scoped collection. */
  scopedRecords(collection: RosteringScopedCollection, ids: readonly string[], query: CollectionQuery = {}): AsyncIterable<RawRecord> {
    return flatten(this.scopedPages(collection, ids, query));
  }

  /** Records changed after `since` (`filter=dateLastModified>'…'`); callers overlap the window (`>` is strict). */
  delta(collection: RosteringCollection, since: Date | string, query: Omit<CollectionQuery, 'filter'> = {}): AsyncIterable<OneRosterPage> {
    return this.pages(collection, { ...query, filter: modifiedSince(since) });
  }

  /** One record by sourcedId, or undefined when the provider says it does not exist (404). */
  async get(collection: RosteringCollection, sourcedId: string, fields?: string[]): Promise<RawRecord | undefined> {
    const endpoint = `${rosteringCollections[collection].path}/${encodeURIComponent(sourcedId)}`;
    const query = fields?.length ? `?fields=${encodeQueryValue(fields.join(','))}` : '';
    try {
      const result = await this.http.request('GET', `${this.baseUrl}${endpoint}${query}`, endpoint);
      const record = (safeJson(result.text) as Record<string, unknown> | undefined)?.[singleKeys[collection]];
      if (!record || typeof record !== 'object') {
        throw new OneRosterPermanentError(`tenant ${this.http.tenant}: OneRoster ${endpoint} answered without '${singleKeys[collection]}'`, {
          tenant: this.http.tenant, endpoint, status: result.status,
        });
      }
      return record as RawRecord;
    } catch (error) {
      if (error instanceof OneRosterPermanentError && error.status === 404) return undefined;
      throw error;
    }
  }

  private get baseUrl(): string {
    return this.settings.rosteringBaseUrl.replace(/\/+$/, '');
  }

  private pagesOf(endpoint: CollectionEndpoint, ids: readonly string[], query: CollectionQuery): AsyncIterable<OneRosterPage> {
    return fetchPages(this.http, {
      pageSize: this.settings.pageSize,
      ...query,
      baseUrl: this.baseUrl,
      path: scopedPath(endpoint.path, ids),
      collectionKey: endpoint.collectionKey,
    });
  }
}

/** Flattens pages into records without holding more than one page. */
export async function* flatten(pages: AsyncIterable<OneRosterPage>): AsyncGenerator<RawRecord> {
  for await (const page of pages) yield* page.records;
}
