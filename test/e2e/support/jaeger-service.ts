import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@rp/testing';
import { REPO_ROOT } from './app-process';

const run = promisify(execFile);

/** A Jaeger started by `scripts/services.sh jaeger-up` for one test file: its own ports and run folder. */
export interface JaegerService {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for the apps (OTLP/HTTP). */
  otlpEndpoint: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts Jaeger through the project's script on free ports, its pid and log under `runDir`, reusing (or building
 * once, or waiting for CI's background build of) the binary in the repository's .services/jaeger.
 */
export async function startJaeger(runDir: string): Promise<JaegerService> {
  const env = {
    ...process.env,
    SERVICES_DIR: runDir,
    JAEGER_BIN: process.env.JAEGER_BIN ?? join(REPO_ROOT, '.services', 'jaeger', 'jaeger-v1.75.0'),
    JAEGER_UI_PORT: String(await freePort()),
    JAEGER_OTLP_HTTP_PORT: String(await freePort()),
    JAEGER_OTLP_GRPC_PORT: String(await freePort()),
    JAEGER_QUERY_GRPC_PORT: String(await freePort()),
  };
  const script = join(REPO_ROOT, 'scripts', 'services.sh');
  const { stdout } = await run('bash', [script, 'jaeger-up'], { env, maxBuffer: 1 << 20 }).catch((error: Error & { stderr?: string }) => {
    throw new Error(`scripts/services.sh jaeger-up failed: ${error.stderr ?? error.message}`);
  });
  const printed = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  if (!printed.OTEL_EXPORTER_OTLP_ENDPOINT || !printed.JAEGER_UI_URL) throw new Error(`jaeger-up printed no endpoints: ${stdout}`);
  return {
    otlpEndpoint: printed.OTEL_EXPORTER_OTLP_ENDPOINT,
    uiUrl: printed.JAEGER_UI_URL,
    stop: async () => void (await run('bash', [script, 'jaeger-down'], { env })),
  };
}
