/** The network to the broker failing (refused, reset, timed out, no route, no name). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/**
 * Kafka failures that pass once the broker is back (a restart, a leader election, a coordinator still loading), as
 * opposed to ones that fail the same way every time (a record over the size limit, an authorisation error).
 *
 * kafkajs hides the first kind behind non-retriable wrappers: when its own retries run out it throws
 * `KafkaJSNumberOfRetriesExceeded` (`retriable: false`), an outer retrier wraps that in `KafkaJSNonRetriableError`,
 * and a group coordinator that stays "loading" ends as `KafkaJSGroupCoordinatorNotFound` without any cause. So the
 * decision looks along the whole `cause` chain instead of at the outer error's `retriable` flag.
 */
const BROKER_UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNumberOfRetriesExceeded', // only ever wraps an error kafkajs considered retriable
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  retriable?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (bounded, so a cyclic chain cannot hang). */
export function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 16 && !chain.includes(current as ErrorLike)) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

/** True when the failure is the broker (or the network to it) being unavailable for a while: try again later. */
export function isTransientKafkaError(error: unknown): boolean {
  const chain = causeChain(error);
  if (chain.length === 0) return false;
  if (chain.some((e) => typeof e.name === 'string' && BROKER_UNAVAILABLE.has(e.name))) return true;
  if (chain.some((e) => typeof e.code === 'string' && NETWORK_CODES.has(e.code))) return true; // the broker's network
  const root = chain[chain.length - 1];
  return typeof root.name === 'string' && root.name.startsWith('KafkaJS') && root.retriable === true;
}
