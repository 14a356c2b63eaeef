import { execFileSync, execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { testServices } from './test-env';

/**
 * Integration/e2e tiers need real Kafka, schema registry and PostgreSQL. With the environment set (`bash .ci/run`,
 * or `eval "$(npm run -s services:up)"`), they are used as they are. Otherwise, where a container runtime answers,
 * the same services start with testcontainers; otherwise the project's own script starts them as local processes
 * (`scripts/services.sh up`, idempotent) and its environment is adopted — so a plain `npm test` just works.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL && process.env.DATABASE_URL) {
    testServices();
    return;
  }
  if (containerRuntimeAnswers()) {
    const { startContainerServices } = await import('./container-services');
    Object.assign(process.env, await startContainerServices());
    return;
  }
  Object.assign(process.env, startLocalServices());
  testServices(); // throws the explanatory message if the script printed less than expected
}

function startLocalServices(): Record<string, string> {
  const script = resolve(__dirname, '../../../scripts/services.sh');
  const out = execFileSync('bash', [script, 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

function containerRuntimeAnswers(): boolean {
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
