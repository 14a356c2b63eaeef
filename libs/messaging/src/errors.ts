import { isUnavailableDependency } from './failure-cause';
import { causeChain, isTransientKafkaError } from './kafka/broker-errors';

/** A failure that may pass if tried again later (timeouts, 429, 5xx, broker unavailable): retried with backoff. */
export class RetriableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableError';
  }
}

/** A failure that will fail the same way every time (invalid record, 4xx): dead-lettered at once with the reason. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export type ErrorClass = 'retriable' | 'permanent' | 'unknown';

/**
 * The platform's one error classifier, for the consumers, the extractor's run loop and the apps alike. Along the error
 * and its causes, outermost first, the first that says decides: our classes and their subclasses; a broker that is
 * away (kafkajs hides it behind non-retriable wrappers); a `retriable` flag (kafkajs, the Canvas and OneRoster
 * clients' errors); PostgreSQL or the network being unavailable. Anything else is `unknown`, which the consumer
 * retries a bounded number of times and then dead-letters (most likely a bug).
 */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof PermanentError) return 'permanent';
  if (error instanceof RetriableError) return 'retriable';
  if (isTransientKafkaError(error)) return 'retriable'; // e.g. kafkajs' "retries exceeded" while the broker restarts
  for (const e of causeChain(error)) {
    if (e instanceof PermanentError) return 'permanent';
    if (e instanceof RetriableError) return 'retriable';
    if (typeof e.retriable === 'boolean') return e.retriable ? 'retriable' : 'permanent';
    if (isUnavailableDependency(e)) return 'retriable';
  }
  return 'unknown';
}

/** Shorthand for callers that only ask "wait and try again?". */
export const isRetriable = (error: unknown): boolean => classifyError(error) === 'retriable';
