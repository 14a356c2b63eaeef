import type { Logger } from '@rp/observability';
import type { ErrorClass } from '../errors';
import { failureCauseOf } from '../failure-cause';
import type { StallRegistry } from './stall-registry';

/** One failed try that will be tried again. */
export interface RetriedFailure {
  error: unknown;
  attempt: number;
  delayMs: number;
  errorClass: ErrorClass;
}

/** Records retriable failures as stalls (with the dependency waited for) and logs when a key waits and resumes. */
export class StallLog {
  constructor(private readonly stalls: StallRegistry, private readonly clock: () => Date, private readonly logger?: Logger) {}

  retried(key: string, where: { tenant: string; topic: string; partition: number }, failure: RetriedFailure): void {
    const { error, attempt, delayMs, errorClass } = failure;
    const fields = { ...where, attempt, delayMs, errorClass, err: error };
    if (errorClass !== 'retriable') return void this.logger?.warn('handler failed, retrying', fields);
    const cause = failureCauseOf(error);
    const stall = this.stalls.failed(key, { ...where, cause, lastError: error instanceof Error ? error.message : String(error) });
    this.logger?.warn(`tenant ${where.tenant || 'unknown'} waits for ${cause}; retrying until it is back (other tenants go on)`, {
      ...fields, cause, stalledSince: stall.since.toISOString(),
    });
  }

  resumed(key: string): void {
    const ended = this.stalls.ended(key);
    if (!ended) return;
    const seconds = Math.round((this.clock().getTime() - ended.since.getTime()) / 1000);
    this.logger?.info(`tenant ${ended.tenant || 'unknown'} resumed after waiting ${seconds} s for ${ended.cause}`, {
      tenant: ended.tenant, topic: ended.topic, partition: ended.partition, cause: ended.cause, attempts: ended.attempts,
    });
  }
}
