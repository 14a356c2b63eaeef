import { ClassifiedError } from '@rp/config';
import { ImsxStatus } from '../normalise/status-info';

export interface OneRosterErrorDetails {
  tenant: string;
  /** Endpoint path, e.g. `/users` or `/lineItems/abc`. */
  endpoint: string;
  status?: number;
  imsx?: ImsxStatus;
  cause?: unknown;
}

/** Base class: every OneRoster failure names the tenant and endpoint and says whether retrying can help. */
export abstract class OneRosterError extends ClassifiedError {
  readonly tenant: string;
  readonly endpoint: string;
  readonly status?: number;
  readonly imsx?: ImsxStatus;

  constructor(message: string, details: OneRosterErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.tenant = details.tenant;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.imsx = details.imsx;
  }
}

/** Timeouts, network failures, 408, 429, 5xx: retry later with backoff. */
export class OneRosterRetriableError extends OneRosterError {
  readonly retriable = true;
}

/** 4xx and anything retrying cannot fix (bad credentials, unknown object, invalid data). */
export class OneRosterPermanentError extends OneRosterError {
  readonly retriable = false;
}

/** The token endpoint refused the credentials, or a fresh token was refused again (IC: check x-vendor-authorization too). */
export class OneRosterAuthError extends OneRosterPermanentError {}

/** The token endpoint refused the scopes asked for (`invalid_scope`): a scope setting to fix, not the credentials. */
export class OneRosterScopeError extends OneRosterAuthError {}

/** A request, a `Link rel=next` or a redirect would carry the tenant's credentials to an origin it did not configure. */
export class CrossOriginRefusedError extends OneRosterPermanentError {}

/**
 * A page came back shorter than X-Total-Count (or than the page size) before the end — never treated as the end.
 * Retriable: providers produce these transiently, and re-running the pull is the fix.
 */
export class IncompletePageError extends OneRosterRetriableError {
  constructor(
    message: string,
    details: OneRosterErrorDetails,
    readonly offset: number,
    readonly expectedTotal: number | undefined,
    readonly received: number,
  ) {
    super(message, details);
  }
}

/** Whether an HTTP status is worth retrying. */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Builds the classified error for a non-2xx response. */
export function httpError(details: OneRosterErrorDetails & { status: number }, bodyHint: string): OneRosterError {
  const what = details.imsx?.codeMinors.length ? ` (${details.imsx.codeMinors.join(', ')})` : '';
  const description = details.imsx?.description ?? bodyHint;
  const message = `tenant ${details.tenant}: OneRoster ${details.endpoint} answered HTTP ${details.status}${what}${description ? `: ${description}` : ''}`;
  if (details.status === 401 || details.status === 403) return new OneRosterAuthError(`${message}; check the connection's credentials, scopes and vendor key`, details);
  return isRetriableStatus(details.status) ? new OneRosterRetriableError(message, details) : new OneRosterPermanentError(message, details);
}

/** A record the platform was about to write fails the official 1.2 schema: it is not sent (nothing IC could fix). */
export class OneRosterInvalidWriteError extends OneRosterPermanentError {}
