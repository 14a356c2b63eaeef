import type { Kafka } from 'kafkajs';
import { kafkaSecurityVariables, loadKafkaSecurity } from '@rp/config';
import { AvroSerde, createKafka, kafkaSecurityOverrides, schemaRegistryAccess } from '@rp/messaging';
import { createLogger } from '@rp/observability';

/** The real services from `scripts/services.sh env` (benchmarks never start or stop them). */
export interface BenchServices {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
}

/** Reads KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL; throws naming the fix when one is missing. */
export function benchServices(env: NodeJS.ProcessEnv = process.env): BenchServices {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL } = env;
  if (!KAFKA_BROKERS || !SCHEMA_REGISTRY_URL || !DATABASE_URL) {
    throw new Error('this benchmark needs the services: run `eval "$(bash scripts/services.sh env)"` first (and `npm run services:up` if they are down)');
  }
  return {
    kafkaBrokers: KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    schemaRegistryUrl: SCHEMA_REGISTRY_URL,
    databaseUrl: DATABASE_URL,
  };
}

/**
 * The platform's kafkajs client for benchmark drivers (warnings only, as JSON lines on stderr; the platform's expected
 * kafkajs warnings at debug), with the KAFKA_SECURITY_PROTOCOL/SSL/SASL settings.
 */
export function benchKafka(brokers: string[], clientId: string): Kafka {
  const logger = createLogger({ service: 'bench', level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
  return createKafka({ brokers, clientId, logger, overrides: kafkaSecurityOverrides(loadKafkaSecurity()) });
}

/** The Avro serde of a benchmark driver, with the registry's basic auth and CA when set. */
export function benchSerde(registryUrl: string): AvroSerde {
  return new AvroSerde(registryUrl, schemaRegistryAccess(loadKafkaSecurity()));
}

/** A name unique to one run (topics, groups, schemas, tenants). */
export function uniqueBenchName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toLowerCase();
}

/** The environment of an app process a benchmark starts: the services, its own secrets key and name prefixes, quiet logs. */
export function benchAppEnv(
  services: BenchServices,
  own: { secretsKey: string; topicPrefix: string; schemaPrefix: string },
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    KAFKA_BROKERS: services.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
    DATABASE_URL: services.databaseUrl,
    SECRETS_KEY: own.secretsKey,
    TOPIC_PREFIX: own.topicPrefix,
    DB_SCHEMA_PREFIX: own.schemaPrefix,
    LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...kafkaSecurityVariables(),
    // e.g. `--require /tmp/cpu-profiler.js` to profile the apps a benchmark starts, never the driver (Node 20 refuses
    // --cpu-prof in NODE_OPTIONS; a preload that runs inspector's Profiler and writes the profile at exit does it).
    ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
    ...appSettingsFromEnv(process.env),
    ...extra,
  };
}

/** App settings in the driver's environment (`TRANSFORMER_SLICE_RECORDS=5000 npm run bench …`) reach the apps it starts. */
export function appSettingsFromEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => APP_SETTING.test(name)));
}

const APP_SETTING = /^(EXTRACTOR|TRANSFORMER|LOADER|GRADEBOOK|EVENTS_GATEWAY|NOTIFIER|CONSUMER)_/;

