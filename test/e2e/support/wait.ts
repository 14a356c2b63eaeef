export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Extra context for the timeout message (logs, current state). */
  describe?: () => string;
}

/**
 * Polls `check` until it returns true (or a non-false value, which is returned). A throw from `check` ends the
 * wait at once (e.g. an app died). On timeout, throws naming what was awaited plus `describe()`.
 */
export async function waitFor<T>(what: string, check: () => Promise<T | false> | T | false, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 500;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${options.describe ? `\n${options.describe()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
