import { CollectionQuery, OneRosterPage, fetchPages } from '../client/collection.pager';
import { OneRosterConnectionSettings, OneRosterPorts, createOneRosterHttp, deriveGradebookBaseUrl } from '../client/oneroster-connection';
import { OneRosterHttp } from '../client/oneroster-http';
import { RawRecord, flatten } from '../client/rostering.client';
import { scopedPath } from '../client/rostering-endpoints';
import { safeJson } from '../client/token.provider';
import { OneRosterPermanentError } from '../errors/oneroster.errors';
import { Category, LineItem, Result } from '../model';
import { toWireRecord } from '../normalise/wire-format';
import { assertWritable, withReferenceHrefs } from './gradebook-write.check';

/** Gradebook collections readable by this client. */
export const gradebookCollections = {
  categories: { path: '/categories', collectionKey: 'categories' },
  lineItems: { path: '/lineItems', collectionKey: 'lineItems' },
  results: { path: '/results', collectionKey: 'results' },
  scoreScales: { path: '/scoreScales', collectionKey: 'scoreScales' },
  categoriesForClass: { path: '/classes/{0}/categories', collectionKey: 'categories' },
  lineItemsForClass: { path: '/classes/{0}/lineItems', collectionKey: 'lineItems' },
  resultsForClass: { path: '/classes/{0}/results', collectionKey: 'results' },
  scoreScalesForClass: { path: '/classes/{0}/scoreScales', collectionKey: 'scoreScales' },
  resultsForLineItemForClass: { path: '/classes/{0}/lineItems/{1}/results', collectionKey: 'results' },
  resultsForStudentForClass: { path: '/classes/{0}/students/{1}/results', collectionKey: 'results' },
} as const;

export type GradebookCollection = keyof typeof gradebookCollections;

/** Outcome of an upsert: IC answers 201 on create and 200 (or 201) on update. */
export interface UpsertOutcome {
  status: number;
  created: boolean;
}

export interface SourcedIdPair {
  suppliedSourcedId: string;
  allocatedSourcedId: string;
}

const singleResource = { categories: 'category', lineItems: 'lineItem', results: 'result' } as const;

/** Writes and reads a tenant's OneRoster gradebook, sending IC's x-vendor-authorization header on every call. */
export class GradebookClient {
  readonly http: OneRosterHttp;
  private readonly baseUrl: string;

  constructor(
    private readonly settings: OneRosterConnectionSettings,
    ports: OneRosterPorts = {},
    http?: OneRosterHttp,
  ) {
    this.http = http ?? createOneRosterHttp(settings, ports);
    this.baseUrl = (settings.gradebookBaseUrl ?? deriveGradebookBaseUrl(settings.rosteringBaseUrl)).replace(/\/+$/, '');
  }

  /** Streams a gradebook collection page by page, e.g. `pages('categoriesForClass', [classId])`. */
  pages(collection: GradebookCollection, ids: readonly string[] = [], query: CollectionQuery = {}): AsyncIterable<OneRosterPage> {
    const endpoint = gradebookCollections[collection];
    return fetchPages(this.http, { pageSize: this.settings.pageSize, ...query, baseUrl: this.baseUrl, path: scopedPath(endpoint.path, ids), collectionKey: endpoint.collectionKey, headers: this.vendorHeaders() });
  }

  /** Streams every record of a gradebook collection. */
  records(collection: GradebookCollection, ids: readonly string[] = [], query: CollectionQuery = {}): AsyncIterable<RawRecord> {
    return flatten(this.pages(collection, ids, query));
  }

  /** Categories usable for a class: its own (`/classes/{id}/categories`). */
  categoriesForClass(classSourcedId: string): AsyncIterable<RawRecord> {
    return this.records('categoriesForClass', [classSourcedId]);
  }

  /** Creates or replaces a line item (client-supplied sourcedId); refused before sending unless strictly valid. */
  async putLineItem(lineItem: LineItem): Promise<UpsertOutcome> {
    return this.put('lineItems', lineItem.sourcedId, this.writable('lineItem', toWireRecord('lineItem', lineItem)));
  }

  /** Creates or replaces a result (client-supplied sourcedId); refused before sending unless strictly valid. */
  async putResult(result: Result): Promise<UpsertOutcome> {
    return this.put('results', result.sourcedId, this.writable('result', toWireRecord('result', result)));
  }

  /** Creates or replaces a category (IC may refuse vendor-created categories). */
  async putCategory(category: Category): Promise<UpsertOutcome> {
    return this.put('categories', category.sourcedId, this.writable('category', toWireRecord('category', category)));
  }

  /** The record as sent: every reference with its `href` in this tenant's IC, checked against the strict schema. */
  private writable(kind: 'lineItem' | 'result' | 'category', wire: Record<string, unknown>): Record<string, unknown> {
    const withHrefs = withReferenceHrefs(wire, { rosteringBaseUrl: this.settings.rosteringBaseUrl, gradebookBaseUrl: this.baseUrl });
    assertWritable(kind, withHrefs, this.settings.tenant, `/${kind}s/${String(wire.sourcedId)}`);
    return withHrefs;
  }

  /** Deletes a line item; resolves `false` when it was already gone (404). */
  deleteLineItem(sourcedId: string): Promise<boolean> {
    return this.delete('lineItems', sourcedId);
  }

  /** Deletes a result; resolves `false` when it was already gone (404). */
  deleteResult(sourcedId: string): Promise<boolean> {
    return this.delete('results', sourcedId);
  }

  /** Reads one line item, result or category; undefined when unknown. */
  async get(collection: 'lineItems' | 'results' | 'categories', sourcedId: string): Promise<RawRecord | undefined> {
    const endpoint = `/${collection}/${encodeURIComponent(sourcedId)}`;
    try {
      const result = await this.http.request('GET', this.baseUrl + endpoint, endpoint, { headers: this.vendorHeaders() });
      return (safeJson(result.text) as Record<string, RawRecord> | undefined)?.[singleResource[collection]];
    } catch (error) {
      if (error instanceof OneRosterPermanentError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * 1.2 batch POST `/lineItems/{id}/results` (provider allocates ids). IC support is unverified (doc §5, open question 7):
   * use it only for a provider known to accept it; the writer's default is one PUT per result.
   */
  async postResultsForLineItem(lineItemSourcedId: string, results: Result[]): Promise<SourcedIdPair[]> {
    const endpoint = `/lineItems/${encodeURIComponent(lineItemSourcedId)}/results`;
    const body = { results: results.map((r) => toWireRecord('result', r)) };
    const response = await this.http.request('POST', this.baseUrl + endpoint, endpoint, { body, headers: this.vendorHeaders() });
    return ((safeJson(response.text) as { sourcedIdPairs?: SourcedIdPair[] } | undefined)?.sourcedIdPairs) ?? [];
  }

  private async put(collection: keyof typeof singleResource, sourcedId: string, record: Record<string, unknown>): Promise<UpsertOutcome> {
    const endpoint = `/${collection}/${encodeURIComponent(sourcedId)}`;
    const body = { [singleResource[collection]]: record };
    const response = await this.http.request('PUT', this.baseUrl + endpoint, endpoint, { body, headers: this.vendorHeaders() });
    return { status: response.status, created: response.status === 201 };
  }

  private async delete(collection: 'lineItems' | 'results', sourcedId: string): Promise<boolean> {
    const endpoint = `/${collection}/${encodeURIComponent(sourcedId)}`;
    try {
      await this.http.request('DELETE', this.baseUrl + endpoint, endpoint, { headers: this.vendorHeaders() });
      return true;
    } catch (error) {
      if (error instanceof OneRosterPermanentError && error.status === 404) return false;
      throw error;
    }
  }

  private vendorHeaders(): Record<string, string> {
    const vendor = this.settings.vendorAuthorization;
    return vendor ? { 'x-vendor-authorization': `${vendor.key}:${vendor.secret}` } : {};
  }
}
