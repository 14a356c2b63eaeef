import type { Kafka } from '@rp/messaging';
import type { DataSource } from 'typeorm';
import { redactText, commonEnv, ConfigError, ConfigOf, EnvSchema, kafkaSecurityEnv, kafkaSecurityProblems, loadConfig, LOG_LEVELS, env as envField } from '@rp/config';
import { AvroSerde, createKafka, KafkaPublisher, kafkaSecurityOverrides, schemaRegistryAccess } from '@rp/messaging';
import { createLogger, Logger } from '@rp/observability';
import { adminStore, createDataSource, runMigrations, ServiceStore, TenantRepository } from '@rp/persistence';
import { groupName, Naming, namingFromEnv, schemaName, topicName } from '@rp/runtime';

import { redactOutput } from './cli/redact-output';
import { connectAfterProbe, probeBrokers } from './kafka/reachable-kafka';
import type { ServiceAddress } from './service-failure';
import { UserError } from './ops-errors';

export { ExitCode, exitCodeOf, UserError } from './ops-errors';

/** How a value is shown to people; JSON mode ignores it and prints the (redacted) value itself. */
export type HumanFormat<T> = string | ((value: T) => string);

/**
 * What every `ops` command gets: settings read lazily from the environment (a command that needs no Kafka never
 * connects to it), isolation prefixes, output in human or `--json` form with secrets redacted, and cleanup.
 */
export interface OpsContext {
  readonly env: NodeJS.ProcessEnv;
  readonly naming: Naming;
  /** JSON log lines on stderr (stdout carries only command output). */
  readonly logger: Logger;
  /** True when `--json` was given (valid inside command actions). */
  readonly json: boolean;
  /** Prints a command's result: redacted JSON on one line with `--json`, else `human` (or indented JSON). */
  out<T>(value: T, human?: HumanFormat<T>): void;
  /** Reads and validates environment variables on demand; a missing one throws ConfigError (exit 1). */
  config<S extends EnvSchema>(schema: S): ConfigOf<S>;
  /** The store's DataSource in its deployed schema (DB_SCHEMA_PREFIX applied), initialised and migrated; cached. */
  dataSource(store: ServiceStore): Promise<DataSource>;
  /** Tenants over the admin store (needs DATABASE_URL and SECRETS_KEY). */
  tenants(): Promise<TenantRepository>;
  /** A kafkajs client (KAFKA_BROKERS) for admin clients and throwaway consumers; disconnect what you create. */
  kafka(): Kafka;
  /** Avro serde (SCHEMA_REGISTRY_URL). */
  serde(): AvroSerde;
  /** Connected publisher; created on first use, disconnected by close(). */
  publisher(): Promise<KafkaPublisher>;
  /** Deployed topic name (TOPIC_PREFIX applied). */
  topic(name: string): string;
  /** Deployed consumer group name (TOPIC_PREFIX applied). */
  group(name: string): string;
  /** The topic name without TOPIC_PREFIX (for showing and for contracts). */
  logicalTopic(deployed: string): string;
  /** Disconnects and destroys whatever was opened. */
  close(): Promise<void>;
}

export interface OpsContextOptions {
  env?: NodeJS.ProcessEnv;
  /** Where command output goes (stdout by default). */
  stdout?: (text: string) => void;
  /** Where logs go (stderr by default). */
  stderr?: (text: string) => void;
}

/** How long the CLI waits for a broker to accept a connection before it says Kafka is down. */
const KAFKA_PROBE_MS = 5_000;

const opsEnv = {
  logLevel: envField.oneOf('LOG_LEVEL', LOG_LEVELS).default('warn'),
};

/** The CLI's context; `setJson` is called once the flags are parsed. */
export class DefaultOpsContext implements OpsContext {
  readonly env: NodeJS.ProcessEnv;
  readonly naming: Naming;
  readonly logger: Logger;
  /** Where command output and usage text go. */
  readonly stdout: (text: string) => void;
  /** Where errors and logs go. */
  readonly stderr: (text: string) => void;
  private jsonMode = false;
  private readonly dataSources = new Map<string, Promise<DataSource>>();
  private kafkaClient?: Kafka;
  private kafkaProbe?: Promise<void>;
  private serdeInstance?: AvroSerde;
  private publisherInstance?: Promise<KafkaPublisher>;

  constructor(options: OpsContextOptions = {}) {
    this.env = options.env ?? process.env;
    try {
      this.naming = namingFromEnv(this.env);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
    this.stdout = options.stdout ?? ((text) => process.stdout.write(text));
    const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
    this.stderr = stderr;
    const { logLevel } = loadConfig(opsEnv, this.env);
    this.logger = createLogger({ service: this.env.SERVICE_NAME || 'ops', level: logLevel, sink: (line) => stderr(`${line}\n`) });
  }

  get json(): boolean {
    return this.jsonMode;
  }

  setJson(json: boolean): void {
    this.jsonMode = json;
  }

  out<T>(value: T, human?: HumanFormat<T>): void {
    if (this.jsonMode || human === undefined) {
      const safe = redactOutput(value);
      this.stdout(`${this.jsonMode ? JSON.stringify(safe) : JSON.stringify(safe, null, 2)}\n`);
      return;
    }
    const text = redactText(typeof human === 'string' ? human : human(value));
    this.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }

  config<S extends EnvSchema>(schema: S): ConfigOf<S> {
    return loadConfig(schema, this.env);
  }

  dataSource(store: ServiceStore): Promise<DataSource> {
    const schema = schemaName(this.naming, store.schema);
    let opened = this.dataSources.get(schema);
    if (!opened) {
      const { databaseUrl } = this.config({ databaseUrl: commonEnv.databaseUrl });
      opened = (async () => {
        const ds = createDataSource({ url: databaseUrl, store, schema, poolSize: 2 });
        await ds.initialize();
        await runMigrations(ds);
        return ds;
      })();
      this.dataSources.set(schema, opened);
    }
    return opened;
  }

  async tenants(): Promise<TenantRepository> {
    // both read at once so a bare environment is told about both variables
    const { secretsKey } = this.config({ databaseUrl: commonEnv.databaseUrl, secretsKey: commonEnv.secretsKey });
    return new TenantRepository(await this.dataSource(adminStore), secretsKey);
  }

  kafka(): Kafka {
    if (!this.kafkaClient) {
      const { kafkaBrokers, ...security } = this.config({ kafkaBrokers: commonEnv.kafkaBrokers, ...kafkaSecurityEnv });
      const problems = kafkaSecurityProblems(security);
      if (problems.length > 0) throw new ConfigError(problems);
      // kafkajs warns about things a short-lived CLI does not care about (e.g. idempotent producer retries);
      // its lines are shown only with LOG_LEVEL=debug, its real failures surface as thrown errors.
      const logger = this.logger.isEnabled('debug') ? this.logger : undefined;
      const client = createKafka({ brokers: kafkaBrokers, clientId: this.env.SERVICE_NAME || 'ops', logger, overrides: kafkaSecurityOverrides(security) });
      const kafka: ServiceAddress = { name: 'Kafka', addresses: kafkaBrokers, setting: 'KAFKA_BROKERS' };
      this.kafkaClient = connectAfterProbe(client, () => (this.kafkaProbe ??= probeBrokers(kafka, KAFKA_PROBE_MS)));
    }
    return this.kafkaClient;
  }

  serde(): AvroSerde {
    if (!this.serdeInstance) {
      const { schemaRegistryUrl, ...security } = this.config({ schemaRegistryUrl: commonEnv.schemaRegistryUrl, ...kafkaSecurityEnv });
      this.serdeInstance = new AvroSerde(schemaRegistryUrl, schemaRegistryAccess(security));
    }
    return this.serdeInstance;
  }

  publisher(): Promise<KafkaPublisher> {
    if (!this.publisherInstance) {
      const publisher = new KafkaPublisher(this.kafka(), this.serde());
      this.publisherInstance = publisher.connect().then(() => publisher);
    }
    return this.publisherInstance;
  }

  topic(name: string): string {
    return topicName(this.naming, name);
  }

  group(name: string): string {
    return groupName(this.naming, name);
  }

  logicalTopic(deployed: string): string {
    const prefix = this.naming.topicPrefix;
    return prefix && deployed.startsWith(prefix) ? deployed.slice(prefix.length) : deployed;
  }

  async close(): Promise<void> {
    const steps: (() => Promise<unknown>)[] = [];
    if (this.publisherInstance) {
      const pending = this.publisherInstance;
      steps.push(async () => (await pending).disconnect());
    }
    for (const ds of this.dataSources.values()) steps.push(async () => (await ds).destroy());
    this.publisherInstance = undefined;
    this.dataSources.clear();
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        this.logger.debug('cleanup failed', { err: error });
      }
    }
  }
}
