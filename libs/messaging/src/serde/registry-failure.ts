import { PermanentError, RetriableError } from '../errors';

/**
 * What a failed schema-registry call means. The registry client (mappersmith) reports a connection it could not make
 * — refused, reset, timed out — as a response of status 400 whose text is the socket error, so status alone would
 * call a registry that is away "a bad request". `unreachable`: away or overloaded (no answer, 408, 429, 5xx), passes
 * once it is back; `not-found`: 404; `refused`: any other 4xx, fails the same way every time.
 */
export type RegistryFailureKind = 'unreachable' | 'not-found' | 'refused';

/** Socket errors as the client words them ("Error, status 400: connect ECONNREFUSED …", "socket hang up"). */
const NO_ANSWER = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up|timed? ?out|fetch failed|network/i;

/** Classifies an error thrown by the registry client (`status` from its ResponseError, the message otherwise). */
export function registryFailureKind(error: unknown): RegistryFailureKind {
  const status = (error as { status?: unknown } | null)?.status;
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  if (typeof status !== 'number') return 'unreachable';
  if (status === 404) return 'not-found';
  if (status === 408 || status === 429 || status >= 500) return 'unreachable';
  if (status === 400 && NO_ANSWER.test(message)) return 'unreachable';
  return 'refused';
}

/**
 * The classified error for a failed registry call: retriable while the registry is away (the consumer waits and
 * reports a `schema-registry` stall). A refusal is permanent at start-up (`refusal: 'permanent'`, the default: the
 * service stops with the fix) but `'wait'` while handling records — wrong credentials are the deployment's fault,
 * not the record's, so the record waits for the fix instead of being dead-lettered. `doing` says what was attempted
 * ("fetching schema 7"). A 404 is left to the caller (an unknown id is a poison record).
 */
export function registryFailure(error: unknown, doing: string, refusal: 'permanent' | 'wait' = 'permanent'): RetriableError | PermanentError {
  const detail = (error as Error | null)?.message ?? String(error);
  if (registryFailureKind(error) === 'unreachable') {
    return new RetriableError(`schema registry unavailable while ${doing}: ${detail}; it is retried until the registry answers`, { cause: error });
  }
  const message = `the schema registry refused ${doing}: ${detail}; check SCHEMA_REGISTRY_URL and its credentials`;
  return refusal === 'wait' ? new RetriableError(message, { cause: error }) : new PermanentError(message, { cause: error });
}
