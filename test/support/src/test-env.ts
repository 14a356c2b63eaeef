
/** Connection settings of the real services the integration and e2e tiers talk to. */
export interface TestServices {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
}

const MISSING =
  'Integration and end-to-end tests need Kafka, the schema registry and PostgreSQL. ' +
  'Start them with `npm run services:up` and export what it prints ' +
  '(KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL), or run `bash .ci/run`.';

/** Reads the service environment; throws a message naming `services:up` when it is incomplete. */
export function testServices(env: NodeJS.ProcessEnv = process.env): TestServices {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL } = env;
  if (!KAFKA_BROKERS || !SCHEMA_REGISTRY_URL || !DATABASE_URL) {
    throw new Error(MISSING);
  }
  return {
    kafkaBrokers: KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    schemaRegistryUrl: SCHEMA_REGISTRY_URL,
    databaseUrl: DATABASE_URL,
  };
}

/** A name unique to one test file and run, for topics, consumer groups and database schemas. */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return `${prefix}-${suffix}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}
