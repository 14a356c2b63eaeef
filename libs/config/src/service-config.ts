import { env, EnvField } from './env-field';
import { kafkaSecurityEnv, kafkaSecurityProblems } from './kafka-security-env';
import { ConfigError, ConfigOf, EnvSchema, loadConfig } from './load-config';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings every service reads; apps spread this into their own schema and add their keys. */
export const commonEnv = {
  serviceName: env.string('SERVICE_NAME'),
  kafkaBrokers: env.list('KAFKA_BROKERS'),
  schemaRegistryUrl: env.url('SCHEMA_REGISTRY_URL', ['http', 'https']),
  databaseUrl: env.url('DATABASE_URL', ['postgres', 'postgresql']),
  /** SECRETS_KEYS (newest first) or SECRETS_KEY: encrypts with the newest, decrypts with any (see SecretKeyring). */
  secretsKey: env.keyring('SECRETS_KEYS', 'SECRETS_KEY'),
  httpPort: env.port('HTTP_PORT'),
  httpHost: env.string('HTTP_HOST').default('127.0.0.1'),
  logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS).default('info'),
  otlpEndpoint: env.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']).optional(),
  /** Tries of a retriable consumer failure before it is dead-lettered; unset (the default): retried until it passes (ADR 0050). */
  consumerRetriableMaxAttempts: env.int('CONSUMER_RETRIABLE_MAX_ATTEMPTS', { min: 1 }).optional(),
  /** Handler calls a consumer runs at once across ordering keys (tenants). */
  consumerKeyConcurrency: env.int('CONSUMER_KEY_CONCURRENCY', { min: 1, max: 64 }).default(4),
  ...kafkaSecurityEnv,
};

export type CommonConfig = ConfigOf<typeof commonEnv>;

export interface ServiceConfigOptions<E extends EnvSchema> {
  /** Used when SERVICE_NAME is unset. */
  serviceName: string;
  /** The app's health/metrics port when HTTP_PORT is unset. */
  defaultHttpPort: number;
  /** The app's own variables. */
  extra?: E;
  /**
   * `false` for a service that must hold no secret (the internet-facing events-gateway): SECRETS_KEYS / SECRETS_KEY
   * are not read, whatever the environment says, and `secretsKey` is undefined.
   */
  secrets?: boolean;
}

/** The keyring left unread: a service without secrets never parses (or keeps) a key, even when one is set. */
const unreadSecretsKey = new EnvField<CommonConfig['secretsKey']>('SECRETS_KEY', () => undefined as unknown as CommonConfig['secretsKey'], false, undefined);

/** Loads the common settings plus an app's own keys, with the app's defaults for name and port. */
export function loadServiceConfig<E extends EnvSchema = Record<never, never>>(
  options: ServiceConfigOptions<E>,
  source: NodeJS.ProcessEnv = process.env,
): CommonConfig & ConfigOf<E> {
  const schema = {
    ...commonEnv,
    serviceName: commonEnv.serviceName.default(options.serviceName),
    httpPort: commonEnv.httpPort.default(options.defaultHttpPort),
    ...(options.secrets === false ? { secretsKey: unreadSecretsKey } : {}),
    ...(options.extra ?? {}),
  };
  const config = loadConfig(schema, source) as CommonConfig & ConfigOf<E>;
  const problems = kafkaSecurityProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
