import { RetriableError } from '../errors';

/**
 * Settles like `work`, or fails with a RetriableError once `ms` passed — for callers that must answer within a bound
 * (the gateway's 503 to Canvas) while kafkajs would keep retrying for minutes. The work itself goes on and may still
 * succeed later: use it only where a duplicate is harmless and a loss is not (the sender retries after the 503).
 */
export async function withinDeadline<X>(ms: number, what: string, work: () => Promise<X>): Promise<X> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new RetriableError(`${what}: no acknowledgement within ${ms} ms (Kafka unavailable?)`), { dependency: 'kafka' })), ms);
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
