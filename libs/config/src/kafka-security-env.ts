import { readFileSync } from 'node:fs';
import { env, EnvField } from './env-field';
import { ConfigError, type ConfigOf, loadConfig } from './load-config';

export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;

/** A PEM file named by a variable, read once at start-up: its content, or a message naming the variable and path. */
function pemFile(name: string): EnvField<string | undefined> {
  return new EnvField<string | undefined>(name, (path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) throw new Error(`names ${path}, which holds no PEM block`);
    return text;
  }, false);
}

const mechanism = new EnvField('KAFKA_SASL_MECHANISM', (raw) => {
  const value = raw.toLowerCase();
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(value)) {
    throw new Error(`must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (got "${raw}")`);
  }
  return value as (typeof KAFKA_SASL_MECHANISMS)[number];
}, false, 'scram-sha-512' as (typeof KAFKA_SASL_MECHANISMS)[number]);

/**
 * How every Kafka client (apps, ops, benchmarks) and the schema registry client authenticate and encrypt. Unset, the
 * plain listener and an open registry are used, as in local development. PEM files are read at start-up.
 */
export const kafkaSecurityEnv = {
  kafkaSecurityProtocol: env.oneOf('KAFKA_SECURITY_PROTOCOL', KAFKA_SECURITY_PROTOCOLS).default('PLAINTEXT'),
  /** CA certificate(s) that signed the brokers' certificates; the system CAs when unset. */
  kafkaSslCa: pemFile('KAFKA_SSL_CA_FILE'),
  /** Client certificate and key, for brokers that require mutual TLS (optional). */
  kafkaSslCert: pemFile('KAFKA_SSL_CERT_FILE'),
  kafkaSslPrivateKey: pemFile('KAFKA_SSL_KEY_FILE'),
  kafkaSaslMechanism: mechanism,
  kafkaSaslUsername: env.string('KAFKA_SASL_USERNAME').optional(),
  kafkaSaslPassword: env.string('KAFKA_SASL_PASSWORD').optional(),
  /** Basic auth of the schema registry (both or neither). */
  schemaRegistryUsername: env.string('SCHEMA_REGISTRY_USERNAME').optional(),
  schemaRegistryPassword: env.string('SCHEMA_REGISTRY_PASSWORD').optional(),
  /** CA of an https registry signed by a private CA. */
  schemaRegistryCa: pemFile('SCHEMA_REGISTRY_CA_FILE'),
};

export type KafkaSecurityConfig = ConfigOf<typeof kafkaSecurityEnv>;

/** Settings that only make sense together; returns every problem (empty when consistent). */
export function kafkaSecurityProblems(c: KafkaSecurityConfig): string[] {
  const problems: string[] = [];
  const sasl = c.kafkaSecurityProtocol.startsWith('SASL_');
  const tls = c.kafkaSecurityProtocol.endsWith('SSL');
  if (sasl && (!c.kafkaSaslUsername || !c.kafkaSaslPassword)) {
    problems.push(`KAFKA_SECURITY_PROTOCOL ${c.kafkaSecurityProtocol} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  }
  if (!sasl && (c.kafkaSaslUsername || c.kafkaSaslPassword)) {
    problems.push(`KAFKA_SASL_USERNAME/PASSWORD are set but KAFKA_SECURITY_PROTOCOL is ${c.kafkaSecurityProtocol}; set it to SASL_SSL`);
  }
  if (!tls && (c.kafkaSslCa || c.kafkaSslCert || c.kafkaSslPrivateKey)) {
    problems.push(`KAFKA_SSL_* files are set but KAFKA_SECURITY_PROTOCOL is ${c.kafkaSecurityProtocol}; set it to SSL or SASL_SSL`);
  }
  if (!!c.kafkaSslCert !== !!c.kafkaSslPrivateKey) problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)');
  if (!!c.schemaRegistryUsername !== !!c.schemaRegistryPassword) {
    problems.push('SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together');
  }
  return problems;
}

/** The security variables set in `source`, to hand on to a child process (an app a test or benchmark starts). */
export function kafkaSecurityVariables(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of Object.values(kafkaSecurityEnv)) {
    const value = source[field.name];
    if (value !== undefined && value !== '') out[field.name] = value;
  }
  return out;
}

/** The security settings of `source`, validated (throws ConfigError listing every problem). */
export function loadKafkaSecurity(source: NodeJS.ProcessEnv = process.env): KafkaSecurityConfig {
  const config = loadConfig(kafkaSecurityEnv, source);
  const problems = kafkaSecurityProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
