/** Switches that make the simulator misbehave on purpose (per root account). */
export interface FaultSwitches {
  /** Imports end in this state (after applying nothing) until cleared. */
  importOutcome?: 'failed' | 'failed_with_messages' | null;
  /** Extra delay between import steps: slow imports. */
  importStepDelayMs?: number;
  /** Leave new imports queued in `created` (e.g. to observe the queue). */
  holdImports?: boolean;
  /** Answer the next `remaining` API requests whose path contains `pathIncludes` with this 5xx status. */
  serverErrors?: { status: number; remaining: number; pathIncludes?: string } | null;
  /**
   * Carry out the next `remaining` API requests matching `method`/`pathIncludes`, then answer 502 instead of the
   * result (a gateway that timed out after Canvas did the work): the client cannot tell whether it happened.
   */
  lostResponses?: { remaining: number; method?: string; pathIncludes?: string } | null;
  /**
   * A Canvas that times out: API requests (whose path contains `pathIncludes`, if set) are accepted and never answered
   * while this is set — the connection stays open with no response. A held request is carried out once the fault is
   * cleared, unless its client gave up meanwhile (then nothing happened). `held` counts the requests it caught.
   */
  hang?: { pathIncludes?: string; held?: number } | null;
  /** Refuse every API request as throttled. */
  throttleAlways?: boolean;
}
