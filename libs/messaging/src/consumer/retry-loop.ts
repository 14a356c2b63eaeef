import type { KafkaMessage } from 'kafkajs';
import { classifyError, ErrorClass } from '../errors';
import { BackoffPolicy, backoffDelay } from './backoff';

/** What one slice of records may do while it is worked on. */
export interface ChunkRun {
  topic: string;
  partition: number;
  policy: BackoffPolicy;
  sleep(ms: number): Promise<void>;
  heartbeat(): Promise<void>;
  heartbeatEveryMs: number;
  /** True once the consumer stops or the partition was revoked: drop the work uncommitted. */
  shouldAbort(): boolean;
  onRetry(error: unknown, attempt: number, delayMs: number, errorClass: ErrorClass): void;
  commit(message: KafkaMessage): Promise<void>;
  /** Wraps each attempt (not the waits in between), e.g. to bound how many keys run a handler at once. */
  gate?<X>(work: () => Promise<X>): Promise<X>;
}

export type Outcome =
  | { kind: 'done' }
  | { kind: 'aborted' }
  | { kind: 'failed'; error: unknown; errorClass: ErrorClass; attempts: number };

/**
 * Runs `work` until it succeeds, fails permanently, or used up its attempts (backoff in between, keeping order
 * because nothing else of the same ordering key runs meanwhile). Retriable failures are retried without limit
 * unless the policy sets `retriableMaxAttempts`; unknown ones `maxAttempts` times. Heartbeats continue throughout.
 */
export async function runWithRetries(run: ChunkRun, work: () => Promise<void>): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withHeartbeats(run, () => (run.gate ? run.gate(work) : work()));
      return { kind: 'done' };
    } catch (error) {
      const errorClass = classifyError(error);
      if (givesUp(run.policy, errorClass, attempt)) return { kind: 'failed', error, errorClass, attempts: attempt };
      const delayMs = backoffDelay(run.policy, attempt);
      run.onRetry(error, attempt, delayMs, errorClass);
      if (!(await waitUnlessAborted(run, delayMs))) return { kind: 'aborted' };
    }
  }
}

/** Permanent failures at once; unknown ones after `maxAttempts`; retriable ones only when a limit was set. */
export function givesUp(policy: BackoffPolicy, errorClass: ErrorClass, attempt: number): boolean {
  if (errorClass === 'permanent') return true;
  if (errorClass === 'unknown') return attempt >= policy.maxAttempts;
  return policy.retriableMaxAttempts !== undefined && attempt >= policy.retriableMaxAttempts;
}

async function withHeartbeats(run: ChunkRun, work: () => Promise<void>): Promise<void> {
  const timer = setInterval(() => void run.heartbeat(), run.heartbeatEveryMs);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
}

/** Sleeps in heartbeat-sized steps; false when the consumer stopped or lost the partition meanwhile. */
async function waitUnlessAborted(run: ChunkRun, delayMs: number): Promise<boolean> {
  let left = delayMs;
  while (left > 0) {
    if (run.shouldAbort()) return false;
    const step = Math.min(left, run.heartbeatEveryMs);
    await run.sleep(step);
    await run.heartbeat();
    left -= step;
  }
  return !run.shouldAbort();
}
