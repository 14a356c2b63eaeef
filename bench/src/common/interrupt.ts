/**
 * Runs `body` until it settles or the process receives SIGINT/SIGTERM, whichever comes first. On a signal it
 * rejects at once, so the caller's `finally` stops the app processes and deletes the run's topics and schemas
 * instead of leaving them behind (the body's pending work is abandoned; the runner exits after cleanup). Once
 * interrupted, further signals (Ctrl-C reaches both the runner and this process) are ignored so cleanup finishes.
 */
export async function untilInterrupted<T>(body: () => Promise<T>): Promise<T> {
  let signalled = false;
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onSignal = (signal) => {
      if (signalled) return;
      signalled = true;
      reject(new Error(`interrupted by ${signal}: stopping the apps and cleaning up the run's topics and schemas`));
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await Promise.race([body(), interrupted]);
  } finally {
    if (!signalled) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
