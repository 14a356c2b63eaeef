import { causeChain, isTransientKafkaError, RetriableError } from '@rp/messaging';

/** A full run that finds nothing where the snapshot has records is refused: it is a broken extract, not a mass delete. */
export class EmptyCollectionError extends Error {
  constructor(tenant: string, collection: string, live: number) {
    super(
      `tenant ${tenant}: ${collection} came back empty while ${live} records are provisioned; ` +
        'refusing to delete them all — check the IC connection scope, then run a full sync again',
    );
  }
}

/**
 * Broker or database unavailable for a while — worth running again — as opposed to a bad extract or bad settings.
 * kafkajs reports a broker restart as non-retriable once its own retries ran out (KafkaJSNumberOfRetriesExceeded
 * wrapped in KafkaJSNonRetriableError), so the whole cause chain decides, not the outer error's `retriable` flag.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof EmptyCollectionError) return false;
  const chain = causeChain(error);
  if (chain.some((e) => e instanceof RetriableError)) return true;
  // IC unavailable after the client's own retries (OneRosterRetriableError: 5xx, timeouts, throttling): wait, too
  if (chain.some((e) => (e as { retriable?: unknown }).retriable === true && String(e.name).startsWith('OneRoster'))) return true;
  if (isTransientKafkaError(error)) return true;
  return chain.some((e) => typeof e.code === 'string' && TRANSIENT_DB_CODES.has(e.code));
}

/** Connection refused/reset and PostgreSQL's admin shutdown, cannot-connect-now and connection failures. */
const TRANSIENT_DB_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001', '08003']);
