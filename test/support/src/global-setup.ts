import { execSync } from 'node:child_process';
import { testServices } from './test-env';

/**
 * Integration/e2e tiers need real Kafka, schema registry and PostgreSQL. With the environment set
 * (`npm run services:up`), they are used as they are; otherwise, where a container runtime answers,
 * the same services start with testcontainers; otherwise the run stops with a message naming `services:up`.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL && process.env.DATABASE_URL) {
    testServices();
    return;
  }
  if (!containerRuntimeAnswers()) {
    testServices(); // throws the explanatory message
  }
  const { startContainerServices } = await import('./container-services');
  const env = await startContainerServices();
  Object.assign(process.env, env);
}

function containerRuntimeAnswers(): boolean {
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
