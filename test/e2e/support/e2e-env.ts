import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { loadKafkaSecurity } from '@rp/config';
import { AvroSerde, createKafka, KafkaPublisher, kafkaSecurityOverrides, schemaRegistryAccess } from '@rp/messaging';
import { adminStore, createDataSource, NewTenant, runMigrations, TenantRepository } from '@rp/persistence';
import { testServices, TestServices, uniqueName } from '@rp/testing';
import { REPO_ROOT } from './app-process';

/**
 * One test file's isolated slice of the shared Kafka, registry and PostgreSQL: a unique TOPIC_PREFIX and
 * DB_SCHEMA_PREFIX, a random SECRETS_KEY, the admin store with its tenants, and cleanup of everything prefixed.
 */
export class E2eEnv {
  readonly services: TestServices;
  readonly topicPrefix: string;
  readonly schemaPrefix: string;
  readonly secretsKey = randomBytes(32);
  readonly logDir: string;
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  private adminDs?: DataSource;
  private repo?: TenantRepository;
  private publisherInstance?: Promise<KafkaPublisher>;
  private readonly cleanups: (() => Promise<unknown>)[] = [];

  /**
   * `services` replaces the shared Kafka brokers, registry or database (e.g. a private one a resilience test
   * restarts); `security` holds the KAFKA_SECURITY_PROTOCOL / KAFKA_SSL_* / KAFKA_SASL_* / SCHEMA_REGISTRY_*
   * variables of an encrypted broker and registry, used by the test's clients and handed to every app.
   */
  constructor(
    name: string,
    services: Partial<Pick<TestServices, 'kafkaBrokers' | 'databaseUrl' | 'schemaRegistryUrl'>> = {},
    private readonly security: Record<string, string> = {},
  ) {
    this.services = { ...testServices(), ...services };
    const unique = uniqueName(`e2e-${name}`);
    this.topicPrefix = `${unique}.`;
    this.schemaPrefix = `${unique.replace(/[^a-z0-9]/g, '_')}_`;
    this.logDir = join(REPO_ROOT, 'tmp', 'e2e-logs', unique);
    const securitySettings = loadKafkaSecurity(security);
    this.kafka = createKafka({ brokers: this.services.kafkaBrokers, clientId: unique, overrides: kafkaSecurityOverrides(securitySettings) });
    this.serde = new AvroSerde(this.services.schemaRegistryUrl, schemaRegistryAccess(securitySettings));
  }

  /** Environment of an app process (the harness adds HTTP_PORT). */
  appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      KAFKA_BROKERS: this.services.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: this.services.schemaRegistryUrl,
      DATABASE_URL: this.services.databaseUrl,
      SECRETS_KEY: this.secretsKey.toString('base64'),
      TOPIC_PREFIX: this.topicPrefix,
      DB_SCHEMA_PREFIX: this.schemaPrefix,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      ...this.security,
      ...extra,
    };
  }

  async tenants(): Promise<TenantRepository> {
    if (!this.repo) {
      this.adminDs = createDataSource({ url: this.services.databaseUrl, store: adminStore, schema: `${this.schemaPrefix}admin` });
      await this.adminDs.initialize();
      await runMigrations(this.adminDs);
      this.repo = new TenantRepository(this.adminDs, this.secretsKey);
    }
    return this.repo;
  }

  async createTenant(tenant: NewTenant): Promise<void> {
    await (await this.tenants()).create(tenant);
  }

  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  group(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  publisher(): Promise<KafkaPublisher> {
    this.publisherInstance ??= (async () => {
      const p = new KafkaPublisher(this.kafka, this.serde);
      await p.connect();
      this.cleanups.push(() => p.disconnect());
      return p;
    })();
    return this.publisherInstance;
  }

  /** A plain SQL query in one of the file's service schemas (e.g. `loader`), or null when it does not exist yet. */
  async query<T = Record<string, unknown>>(schema: string, sql: string, params: unknown[] = []): Promise<T[] | null> {
    const client = new Client({ connectionString: this.services.databaseUrl });
    await client.connect();
    try {
      const full = `${this.schemaPrefix}${schema}`;
      const exists = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [full]);
      if (exists.rowCount === 0) return null;
      await client.query(`SET search_path TO "${full}"`);
      return (await client.query(sql, params)).rows as T[];
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return null; // table not created yet
      throw error;
    } finally {
      await client.end();
    }
  }

  onCleanup(fn: () => Promise<unknown>): void {
    this.cleanups.push(fn);
  }

  /** Closes clients, then deletes the prefixed topics, schema subjects and database schemas. */
  async cleanup(): Promise<void> {
    const errors: string[] = [];
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
      }
    };
    for (const fn of this.cleanups.reverse()) await step('cleanup', fn);
    if (this.adminDs?.isInitialized) await step('admin store', () => this.adminDs!.destroy());
    await step('topics', () => this.withAdmin(async (admin) => {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(this.topicPrefix));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(this.topicPrefix));
      if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    }));
    await step('schemas', () => this.deleteSubjects());
    await step('database', async () => {
      const client = new Client({ connectionString: this.services.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1', [`${this.schemaPrefix}%`]);
        for (const { schema_name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${schema_name}" CASCADE`);
      } finally {
        await client.end();
      }
    });
    if (errors.length) console.warn(`e2e cleanup (${this.topicPrefix}): ${errors.join('; ')}`);
  }

  async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  }

  private async deleteSubjects(): Promise<void> {
    // the shared registry itself (a test's TLS proxy in front of it forwards to the same subjects)
    const base = testServices().schemaRegistryUrl.replace(/\/+$/, '');
    const subjects = (await (await fetch(`${base}/subjects`)).json()) as string[];
    for (const subject of subjects.filter((s) => s.startsWith(this.topicPrefix))) {
      const url = `${base}/subjects/${encodeURIComponent(subject)}`;
      await fetch(url, { method: 'DELETE' });
      await fetch(`${url}?permanent=true`, { method: 'DELETE' });
    }
  }
}
