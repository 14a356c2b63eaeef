import { backoffDelay, BackoffPolicy, classifyError, DEFAULT_BACKOFF, failureCauseOf } from '@rp/messaging';

export interface StartStepPorts {
  sleep(ms: number): Promise<void>;
  /** Told before each wait: what failed, the attempt number and the delay (a warning log and the /readyz detail). */
  onWait(error: unknown, attempt: number, delayMs: number): void;
  policy?: BackoffPolicy;
}

/**
 * Runs one start-up step (registering the schemas, say) until it succeeds, waiting with the consumers' capped
 * backoff while it fails retriably — a dependency away at start-up (a pod rescheduled during a registry outage)
 * then delays the start instead of crash-looping, whose restart delays grow to minutes after the dependency is back.
 * A permanent or unknown failure is thrown at once: the service stops with the message.
 */
export async function retryStartStep<T>(step: () => Promise<T>, ports: StartStepPorts): Promise<T> {
  const policy = ports.policy ?? DEFAULT_BACKOFF;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (classifyError(error) !== 'retriable') throw error;
      const delayMs = backoffDelay(policy, attempt);
      ports.onWait(error, attempt, delayMs);
      await ports.sleep(delayMs);
    }
  }
}

/** The /readyz detail of a start-up step that waits: "waiting for schema-registry since <T>: <message>". */
export function startWaitDetail(error: unknown, since: Date): string {
  return `waiting for ${failureCauseOf(error)} since ${since.toISOString()}: ${(error as Error).message ?? String(error)}`;
}
