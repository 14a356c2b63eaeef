import { context as otelContext, type Context } from '@opentelemetry/api';
import { contextWithSpan, recordFailure, startSpan } from '@rp/observability';
import { OneRosterPage, OneRosterPermanentError } from '@rp/oneroster';
import { DeltaUnusableError, ignoredFilterReason } from './domain/delta-capability';
import { modifiedAt } from './domain/snapshot-diff';

/** Which run and collection a page belongs to (span attributes and error messages). */
export interface PageScope {
  tenant: string;
  runId: string;
  collection: string;
}

export interface PageRead {
  next: IteratorResult<OneRosterPage>;
  /** The page's span context: every record of the page carries it. */
  pageContext: Context;
}

/**
 * Starts reading the next page of a collection, in a span of its own (the IC request is its child). A delta page
 * whose records show the provider ignored the filter, or a provider refusing the filter, fails with
 * DeltaUnusableError. The returned promise is marked handled so a page read ahead of a run that stops sooner never
 * becomes an unhandled rejection; whoever awaits it still gets its error.
 */
export function readPageAhead(scope: PageScope, pages: AsyncIterator<OneRosterPage>, since: Date | undefined, pageNumber: number): { page: Promise<PageRead> } {
  const { tenant, runId, collection } = scope;
  const pageSpan = startSpan(`extractor page ${collection}`, {
    attributes: { 'rp.tenant': tenant, 'rp.sync_run': runId, 'oneroster.collection': collection, 'oneroster.page': pageNumber },
  });
  const pageContext = contextWithSpan(pageSpan);
  const page = (async () => {
    try {
      const next = await otelContext.with(pageContext, () => pages.next());
      if (since && !next.done) {
        const ignored = ignoredFilterReason(tenant, collection, since, next.value.records.map(modifiedAt));
        if (ignored) throw new DeltaUnusableError(ignored);
      }
      if (!next.done) pageSpan.setAttribute('oneroster.records', next.value.records.length);
      return { next, pageContext };
    } catch (error) {
      recordFailure(pageSpan, error);
      if (since && error instanceof OneRosterPermanentError && (error.status === 400 || error.status === 422)) {
        throw new DeltaUnusableError(`tenant ${tenant}: the provider refused the delta filter on ${collection} (${error.message}); deltas run as full syncs`);
      }
      throw error;
    } finally {
      pageSpan.end();
    }
  })();
  page.catch(() => undefined);
  return { page };
}
