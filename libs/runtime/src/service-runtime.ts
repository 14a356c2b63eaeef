import { hostname } from 'node:os';
import type { Kafka } from '@rp/messaging';
import type { DataSource } from 'typeorm';
import { CommonConfig, loadServiceConfig } from '@rp/config';
import type { ConfigOf, EnvSchema } from '@rp/config';
import {
  AvroSerde,
  BatchConsumer,
  BatchConsumerOptions,
  createKafka,
  ensureTopics,
  KafkaPublisher,
  kafkaSecurityOverrides,
  platformTopics,
  schemaRegistryAccess,
  TopicDefinition,
  Topics,
} from '@rp/messaging';
import { createLogger, HealthServer, Logger, logProcessWarnings, startTelemetry, Telemetry } from '@rp/observability';
import { createDataSource, runMigrations, ServiceStore } from '@rp/persistence';
import { groupName, Naming, namingFromEnv, schemaName, topicName } from './naming';
import { retryStartStep, startWaitDetail } from './start-step';
import { StallReporter } from './stall-reporter';

/** How often the service looks for stalls to report on `pipeline.stalls`. */
const STALL_REPORT_TICK_MS = 2000;

export interface ServiceRuntimeOptions<E extends EnvSchema> {
  serviceName: string;
  defaultHttpPort: number;
  extraEnv?: E;
  /** Started first thing in main.ts so auto-instrumentation patches kafkajs/pg/http before they load. */
  telemetry?: Telemetry;
  /** Create the platform topics (and DLQs) and register their schemas at start (default true). */
  ensureTopics?: boolean;
  /** `false`: the service holds no secret (SECRETS_KEY is not read; see loadServiceConfig). */
  secrets?: boolean;
  env?: NodeJS.ProcessEnv;
}

type ConsumerSpec<T> = Omit<BatchConsumerOptions<T>, 'kafka' | 'decoder' | 'deadLetters' | 'groupId' | 'topics' | 'logger'> & {
  /** Group id as in libs/runtime/src/consumer-groups.contract.json; the prefix is added here. */
  groupId: string;
  /** Topic names without prefix. */
  topics: string[];
};

/**
 * Everything a service needs, wired once: validated config, JSON logger, telemetry, health server, Kafka
 * (publisher, Avro serde, batch consumers with DLQ) and PostgreSQL stores, with prefixes for isolated
 * environments and an ordered shutdown (consumers first, so the in-flight batch commits, then producer, DB, health).
 */
export class ServiceRuntime<C extends CommonConfig = CommonConfig> {
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  readonly publisher: KafkaPublisher;
  readonly health: HealthServer;
  private readonly consumers: BatchConsumer<unknown>[] = [];
  private readonly dataSources: DataSource[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private closing?: Promise<void>;
  private startedUp = false;
  private readonly stallReporter: StallReporter;
  private stallTimer?: NodeJS.Timeout;
  /** What start-up waits for, while it waits (the /readyz detail). */
  private startWaiting?: string;

  constructor(
    readonly config: C,
    readonly naming: Naming,
    readonly logger: Logger,
    private readonly telemetry: Telemetry,
  ) {
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: config.serviceName, logger, overrides: kafkaSecurityOverrides(config) });
    this.serde = new AvroSerde(config.schemaRegistryUrl, schemaRegistryAccess(config));
    this.publisher = new KafkaPublisher(this.kafka, this.serde, { stage: config.serviceName });
    this.health = new HealthServer({
      port: config.httpPort,
      host: config.httpHost,
      metrics: telemetry.metricsHandler,
    });
    this.stallReporter = new StallReporter(config.serviceName, `${hostname()}:${process.pid}`, {
      stalls: () => this.consumers.flatMap((c) => c.stalls().list()),
      publish: (records) => this.publisher.publish(this.topic(Topics.stalls), records),
      clock: () => new Date(),
    });
    // Not ready until topics exist, stores are migrated and consumers joined (orchestrators wait on /readyz).
    this.health.addCheck('startup', () => {
      if (!this.startedUp) throw new Error(this.startWaiting ? `still starting: ${this.startWaiting}` : 'still starting');
    });
  }

  /** Deployed name of a platform topic. */
  topic(name: string): string {
    return topicName(this.naming, name);
  }

  /** The platform's topic definitions with deployed names (`ensureTopics` adds the DLQ twins). */
  topicDefinitions(): TopicDefinition[] {
    return platformTopics().map((d) => ({ ...d, name: this.topic(d.name) }));
  }

  /** Opens (and migrates) a service store in its deployed schema; `poolSize` connections at most (default 5). */
  async store(store: ServiceStore, options: { poolSize?: number } = {}): Promise<DataSource> {
    const ds = createDataSource({ url: this.config.databaseUrl, store, schema: schemaName(this.naming, store.schema), poolSize: options.poolSize });
    await ds.initialize();
    await runMigrations(ds);
    this.dataSources.push(ds);
    this.health.addCheck(`database:${store.schema}`, async () => {
      await ds.query('SELECT 1');
    });
    return ds;
  }

  /** A batch consumer reading Avro values, dead-lettering through the publisher; started by `startConsumers`. */
  consumer<T>(spec: ConsumerSpec<T>): BatchConsumer<T> {
    const consumer = new BatchConsumer<T>({
      keyConcurrency: this.config.consumerKeyConcurrency,
      ...spec,
      backoff: { retriableMaxAttempts: this.config.consumerRetriableMaxAttempts, ...spec.backoff },
      kafka: this.kafka,
      groupId: groupName(this.naming, spec.groupId),
      topics: spec.topics.map((t) => this.topic(t)),
      decoder: this.serde,
      deadLetters: this.publisher,
      logger: this.logger,
      stage: this.config.serviceName,
    });
    this.consumers.push(consumer as BatchConsumer<unknown>);
    // Ready either way (the pod is fine when a tenant's dependency is not); the detail names who waits for what.
    this.health.addCheck(`consumer:${spec.groupId}`, () => consumer.stalls().describe());
    return consumer;
  }

  /** Registers cleanup to run at shutdown, after consumers stopped and before the producer disconnects. */
  onShutdown(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async start(options: { ensureTopics: boolean }): Promise<void> {
    await this.health.start();
    await this.publisher.connect();
    if (options.ensureTopics) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const defs = this.topicDefinitions();
        await ensureTopics(admin, defs);
        await this.untilDone('registering the schemas', () => this.serde.registerTopics(defs));
      } finally {
        await admin.disconnect();
      }
    }
  }

  /** A start-up step retried while its dependency is away (a registry outage delays the start, it does not crash it). */
  private async untilDone<T>(what: string, step: () => Promise<T>): Promise<T> {
    let since: Date | undefined;
    const result = await retryStartStep(step, {
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onWait: (error, attempt, delayMs) => {
        since ??= new Date();
        this.startWaiting = startWaitDetail(error, since);
        this.logger.warn(`start-up: ${what} failed, retrying in ${Math.round(delayMs / 1000)} s (attempt ${attempt}); the service starts once it succeeds`, { err: error });
      },
    });
    if (since) this.logger.info(`start-up: ${what} succeeded after waiting ${Math.round((Date.now() - since.getTime()) / 1000)} s`);
    this.startWaiting = undefined;
    return result;
  }

  async startConsumers(): Promise<void> {
    for (const consumer of this.consumers) await consumer.start();
    this.startedUp = true;
    if (this.consumers.length > 0) this.reportStalls();
  }

  /** Publishes stalls for `ops` every STALL_REPORT_TICK_MS (one pass at a time; a failed pass is tried again next tick). */
  private reportStalls(): void {
    let busy = false;
    this.stallTimer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.stallReporter.tick()
        .catch((error: unknown) => this.logger.debug('reporting stalls on pipeline.stalls failed; trying again', { err: error }))
        .finally(() => (busy = false));
    }, STALL_REPORT_TICK_MS);
    this.stallTimer.unref();
  }

  /** Ordered, idempotent shutdown for SIGTERM. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.health.markShuttingDown();
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (error) {
        this.logger.warn(`shutdown: ${what} failed`, { err: error });
      }
    };
    for (const c of this.consumers) await step('stopping a consumer', () => c.stop());
    if (this.stallTimer) {
      clearInterval(this.stallTimer);
      await step('ending the stall reports', () => this.stallReporter.stop());
    }
    for (const close of this.closers.reverse()) await step('closing', close);
    await step('disconnecting the producer', () => this.publisher.disconnect());
    for (const ds of this.dataSources) await step('closing the database', () => ds.destroy());
    await step('stopping telemetry', () => this.telemetry.shutdown());
    await step('stopping the health server', () => this.health.stop());
    this.logger.info('stopped');
  }
}

/** Loads config (a bad setting throws one message listing every problem), then starts logging, telemetry, health, Kafka. */
export async function startServiceRuntime<E extends EnvSchema = Record<never, never>>(
  options: ServiceRuntimeOptions<E>,
): Promise<ServiceRuntime<CommonConfig & ConfigOf<E>>> {
  const env = options.env ?? process.env;
  let config: CommonConfig & ConfigOf<E>;
  try {
    config = loadServiceConfig(
      { serviceName: options.serviceName, defaultHttpPort: options.defaultHttpPort, extra: options.extraEnv, secrets: options.secrets },
      env,
    );
  } catch (error) {
    // No configured logger yet: say why on the same JSON stream, or the process would exit 1 without a word.
    const problems = (error as { problems?: string[] }).problems;
    createLogger({ service: env.SERVICE_NAME || options.serviceName }).error('cannot start: bad configuration', {
      err: error,
      problems,
    });
    throw error;
  }
  const naming = namingFromEnv(env);
  const logger = createLogger({ service: config.serviceName, level: config.logLevel });
  logProcessWarnings(logger);
  const telemetry =
    options.telemetry ?? startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint });
  const runtime = new ServiceRuntime(config, naming, logger, telemetry);
  try {
    await runtime.start({ ensureTopics: options.ensureTopics ?? true });
  } catch (error) {
    logger.error('failed to start', { err: error });
    throw error;
  }
  logger.info('started', { httpPort: config.httpPort, topicPrefix: naming.topicPrefix || undefined });
  return runtime;
}
