import { ExitCode, exitCodeOf } from './ops-errors';

/** One of the services the CLI talks to, as an operator knows it: its name, where it is, and the setting that says so. */
export interface ServiceAddress {
  name: 'PostgreSQL' | 'Kafka' | 'the schema registry';
  /** host:port (several for Kafka), without credentials. */
  addresses: string[];
  setting: 'DATABASE_URL' | 'KAFKA_BROKERS' | 'SCHEMA_REGISTRY_URL';
}

/** A service the command needs did not answer; names the service, its address and the setting. Exit 2. */
export class ServiceUnavailableError extends Error {
  readonly exitCode = ExitCode.systemError;
  constructor(service: ServiceAddress, detail: string, options?: { cause?: unknown }) {
    super(`${service.name} at ${service.addresses.join(', ')} (${service.setting}) did not answer: ${detail}; ` +
      `check that it runs and that ${service.setting} points at it, then retry`, options);
    this.name = 'ServiceUnavailableError';
  }
}

/** The services named by the environment (those whose variable is set and parses). */
export function servicesOf(env: NodeJS.ProcessEnv): ServiceAddress[] {
  const services: ServiceAddress[] = [];
  const hostPort = (raw: string | undefined, defaultPort: string) => {
    try {
      const url = new URL(raw ?? '');
      return `${url.hostname}:${url.port || defaultPort}`;
    } catch {
      return undefined;
    }
  };
  const pg = hostPort(env.DATABASE_URL, '5432');
  if (pg) services.push({ name: 'PostgreSQL', addresses: [pg], setting: 'DATABASE_URL' });
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length > 0) services.push({ name: 'Kafka', addresses: brokers, setting: 'KAFKA_BROKERS' });
  const registry = hostPort(env.SCHEMA_REGISTRY_URL, env.SCHEMA_REGISTRY_URL?.startsWith('https:') ? '443' : '80');
  if (registry) services.push({ name: 'the schema registry', addresses: [registry], setting: 'SCHEMA_REGISTRY_URL' });
  return services;
}

const KAFKA_CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSBrokerNotFound', 'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
]);

/**
 * Names the service a low-level failure came from — by the address in its text ("connect ECONNREFUSED
 * 127.0.0.1:15432"), or by its kind (kafkajs connection errors, the serde's "schema registry unavailable") —
 * so the operator reads "PostgreSQL at … did not answer" instead of a bare socket error. Undefined when none fits.
 */
export function namedServiceFailure(error: unknown, env: NodeJS.ProcessEnv): ServiceUnavailableError | undefined {
  if (error instanceof ServiceUnavailableError) return error;
  if (exitCodeOf(error) === ExitCode.userError) return undefined; // already names what the operator must change
  const chain = causeChain(error);
  const text = chain.map((e) => `${e.name} ${e.message} ${(e as { code?: string }).code ?? ''}`).join(' | ');
  const services = servicesOf(env);
  const byAddress = services.find((s) => s.addresses.some((a) => text.includes(a) || text.includes(a.replace(/^localhost:/, '127.0.0.1:'))));
  const detail = chain[chain.length - 1]?.message ?? String(error);
  if (byAddress && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ECONNRESET|timeout/i.test(text)) {
    return new ServiceUnavailableError(byAddress, detail, { cause: error });
  }
  const kind = chain.some((e) => KAFKA_CONNECTION_ERRORS.has(e.name)) ? 'Kafka'
    : /schema registry/i.test(text) ? 'the schema registry' : undefined;
  const service = services.find((s) => s.name === kind);
  return service ? new ServiceUnavailableError(service, detail, { cause: error }) : undefined;
}

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  // duck-typed: errors from Node's own modules fail `instanceof Error` inside Jest's sandbox
  while (typeof current === 'object' && current !== null && typeof (current as Error).message === 'string' && chain.length < 8) {
    chain.push(current as Error);
    current = (current as { cause?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
  }
  return chain;
}
