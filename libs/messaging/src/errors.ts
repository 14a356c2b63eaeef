import { isTransientKafkaError } from './kafka/broker-errors';

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
 * Classifies a handler failure. Our classes and their subclasses decide; kafkajs errors carry `retriable`;
 * anything else is `unknown`, which the consumer treats as retriable a bounded number of times and then dead-letters.
 */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof PermanentError) return 'permanent';
  if (error instanceof RetriableError) return 'retriable';
  if (isTransientKafkaError(error)) return 'retriable'; // e.g. kafkajs' "retries exceeded" while the broker restarts
  if (error && typeof error === 'object' && 'retriable' in error && typeof error.retriable === 'boolean') {
    return error.retriable ? 'retriable' : 'permanent';
  }
  return 'unknown';
}
