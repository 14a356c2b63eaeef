import { ClassifiedError } from '@rp/config';

/** Where a Canvas failure happened, so messages can name the tenant and the entity. */
export interface CanvasErrorContext {
  tenant?: string;
  /** What was being done, e.g. `GET /api/v1/courses/sis_course_id:C1` or `enrollments.csv row 12`. */
  what?: string;
  status?: number;
}

/** Base of every error this library throws; `retriable` tells a consumer to retry or to dead-letter. */
export abstract class CanvasError extends ClassifiedError {
  readonly tenant?: string;
  readonly what?: string;
  readonly status?: number;

  constructor(problem: string, fix: string, context: CanvasErrorContext = {}, options?: { cause?: unknown }) {
    const where = context.tenant ? `tenant ${context.tenant}: ` : '';
    const what = context.what ? `${context.what}: ` : '';
    super(`${where}${what}${problem}${fix ? `; ${fix}` : ''}`, options);
    this.tenant = context.tenant;
    this.what = context.what;
    this.status = context.status;
  }
}

/** Timeouts, network failures, 5xx, throttling: retry with backoff, keep order. */
export class CanvasRetriableError extends CanvasError {
  readonly retriable = true;
}

/** Invalid input, 4xx (other than throttling), authentication: retrying will not help. */
export class CanvasPermanentError extends CanvasError {
  readonly retriable = false;
}

/** True when the error (from this library or not) is worth retrying. */
export function isRetriableCanvasError(error: unknown): boolean {
  return error instanceof CanvasError ? error.retriable : false;
}
