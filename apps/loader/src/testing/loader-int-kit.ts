import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AvroSerde, canvasKey, canvasTopic, CanvasEntityChange, CanvasEntityType, createKafka, KafkaPublisher, SyncRunEvent } from '@rp/messaging';
import { adminStore, createDataSource, loaderStore, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { testServices, uniqueName } from '@rp/testing';
import { startLoader } from '../bootstrap';

/** The tenant every loader int-spec provisions (its Canvas root account key and token are `acme` / `tok-acme`). */
export const TENANT = 'acme';
const REPO_ROOT = resolve(__dirname, '../../../..');

/** The content hash the transformer would give `row`. */
export const hash = (row: Record<string, string>) => createHash('sha256').update(JSON.stringify(row)).digest('hex');

/** Probes every 100 ms until `probe` gives something (not undefined/false); fails naming `what` after `attempts` probes. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, attempts = 1200): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export interface LoaderIntKitOptions {
  /** Prefix of the unique topic/schema names of this spec file. */
  name: string;
  /** The Kafka client id of the spec's own publisher and readers. */
  clientId: string;
  /** The tenant's mass-drop thresholds. */
  thresholds: { maxDeleteFraction: number; minDeleteCount: number };
  /** How fast the Canvas simulator works through an import. */
  importSpeed: { rowsPerStep: number; stepDelayMs: number };
  /** The loader's LOADER_* tuning for this spec. */
  loaderEnv: Record<string, string>;
}

export interface ChangeOptions {
  op?: 'upsert' | 'delete';
  school?: string | null;
  syncRun?: string;
  /** Also tag the Kafka record with its run (as the transformer does for markers' ordering). */
  tagRun?: boolean;
}

/**
 * Test support for the loader int-specs: the Canvas simulator, the tenant in a fresh admin schema, the loader app on the
 * shared Kafka/registry/PostgreSQL under unique names and a publisher of canvas.* changes and sync.runs markers —
 * started in `beforeAll` of the calling suite, torn down (schemas and topics dropped) in its `afterAll`, after the
 * callbacks given to `beforeTeardown`.
 */
export function loaderIntKit(options: LoaderIntKitOptions) {
  const services = testServices();
  const topicPrefix = `${uniqueName(options.name)}.`;
  const schemaPrefix = `${uniqueName(options.name).replace(/[^a-z0-9]/g, '_')}_`;
  const secretsKey = randomBytes(32);
  const kafka = createKafka({ brokers: services.kafkaBrokers, clientId: options.clientId });
  const serde = new AvroSerde(services.schemaRegistryUrl);
  const loaderEnv = {
    KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
    SECRETS_KEY: secretsKey.toString('base64'), HTTP_PORT: '0', TOPIC_PREFIX: topicPrefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'warn',
    ...options.loaderEnv,
  };
  const teardowns: (() => Promise<void>)[] = [];
  let sim: CanvasSimulator;
  let app: INestApplicationContext | undefined;
  let publisher: KafkaPublisher;
  let adminDs: DataSource;
  let loaderDs: DataSource;

  beforeAll(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: ['tok-acme'] }], throttle: false, importSpeed: options.importSpeed });
    adminDs = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await adminDs.initialize();
    await runMigrations(adminDs);
    await kit.tenants().create({
      id: TENANT, name: 'Acme',
      ic: { baseUrl: 'http://127.0.0.1:9/ims', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecret: 's' },
      canvas: { baseUrl: sim.baseUrl, rootAccountId: '1', token: 'tok-acme' },
      thresholds: options.thresholds,
    });
    await kit.startLoader();
    loaderDs = createDataSource({ url: services.databaseUrl, store: loaderStore, schema: `${schemaPrefix}loader` });
    await loaderDs.initialize();
    publisher = new KafkaPublisher(kafka, serde);
    await publisher.connect();
  });

  afterAll(async () => {
    for (const teardown of teardowns) await teardown();
    await publisher?.disconnect();
    await app?.close();
    for (const ds of [loaderDs, adminDs]) {
      if (!ds?.isInitialized) continue;
      await ds.query(`DROP SCHEMA IF EXISTS "${(ds.options as { schema: string }).schema}" CASCADE`);
      await ds.destroy();
    }
    await sim?.close();
    const admin = kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  });

  const kit = {
    services, topicPrefix, schemaPrefix, kafka, serde,
    get sim() { return sim; },
    get loaderDs() { return loaderDs; },
    /** The tenants of this suite's admin schema. */
    tenants: () => new TenantRepository(adminDs, secretsKey),
    /** Starts the loader app with this suite's env (again, after `stopLoader`). */
    startLoader: async () => {
      app = await startLoader({ env: loaderEnv });
    },
    /** Stops the loader app as a SIGTERM would. */
    stopLoader: async () => {
      await app?.close();
      app = undefined;
    },
    /** Runs `teardown` first in the suite's `afterAll` (a reader of the suite's topics, a temporary folder). */
    beforeTeardown: (teardown: () => Promise<void>) => void teardowns.push(teardown),
    /** Publishes one canvas.<type> change of the tenant, as the transformer does. */
    publishChange: async (type: CanvasEntityType, sisId: string, row: Record<string, string>, change: ChangeOptions = {}) => {
      const { op = 'upsert', school = 'S1', syncRun = 'run-1', tagRun = false } = change;
      const value: CanvasEntityChange = { tenant: TENANT, canvasType: type, sisId, op, syncRun, contentHash: hash(row), school, row, sources: [] };
      await publisher.publish(`${topicPrefix}${canvasTopic(type)}`, [{ key: canvasKey(TENANT, type, sisId), value, tenant: TENANT, op, ...(tagRun ? { syncRun } : {}) }]);
    },
    /** Publishes records to canvas.<type> as they are. */
    publishChanges: (type: CanvasEntityType, records: Parameters<KafkaPublisher['publish']>[1]) => publisher.publish(`${topicPrefix}${canvasTopic(type)}`, records),
    /** Publishes a sync.runs marker of the tenant's run. */
    publishRunEvent: async (runId: string, event: Pick<SyncRunEvent, 'stage' | 'phase'> & Partial<SyncRunEvent>) => {
      const value: SyncRunEvent = { tenant: TENANT, runId, kind: 'full', at: new Date().toISOString(), counts: {}, message: null, ...event };
      await publisher.publish(`${topicPrefix}sync.runs`, [{ key: `${TENANT}|${runId}`, value, tenant: TENANT, syncRun: runId }]);
    },
    /** The ops CLI as an operator runs it against this suite's schemas. */
    ops: (...args: string[]) => promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'apps/ops/src/main.ts', ...args], {
      cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: services.databaseUrl, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'warn' },
    }),
  };
  return kit;
}
