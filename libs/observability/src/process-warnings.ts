import type { Logger } from './json-logger';

/**
 * Node prints its process warnings (deprecations, `MaxListenersExceededWarning`, …) as plain text on stderr, which
 * breaks a JSON log stream. This replaces that printer with one JSON record per warning, at `warn`, naming the
 * warning's type and code; `--no-warnings`/`NODE_NO_WARNINGS=1` still silence them as usual (then Node registers no
 * printer, and neither does this).
 */
export function logProcessWarnings(logger: Logger, proc: NodeJS.Process = process): void {
  if (proc.listenerCount('warning') === 0) return; // warnings are switched off for this process
  proc.removeAllListeners('warning');
  proc.on('warning', (warning: Error & { code?: string }) => {
    logger.warn(warning.message, { component: 'node', warning: warning.name, code: warning.code });
  });
}
