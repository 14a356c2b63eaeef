import { randomBytes, randomUUID } from 'node:crypto';
import { type District, generateDistrict } from '@rp/fixtures';
import { localCanvasId } from '@rp/mapping';
import { type CanvasLiveEventRecord, liveEventKey, Topics } from '@rp/messaging';
import { adminStore, createDataSource, runMigrations, type NewTenant, TenantRepository } from '@rp/persistence';
import { startServiceRuntime, type ServiceRuntime } from '@rp/runtime';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { type GradebookConfig, gradebookEnv } from '../gradebook.config';
import { type GradebookRole, startGradebookRole } from '../gradebook.service';
import { provisionClass, type ProvisionedClass } from './canvas-provisioning';
import { startLiveEventBridge } from './live-event-bridge';

/** The tenant every gradebook int-spec provisions. */
export const TENANT = 'acme';
const CANVAS_TOKEN = 'tok-acme';

/** Polls until `check` passes (the pipeline is asynchronous); fails with the last assertion error after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

export interface GradebookIntKitOptions {
  /** Prefix of the unique topic/schema names of this spec file. */
  name: string;
  /** How many of the class's students are dropped in Canvas, and how many are users without their enrollment yet. */
  dropCount?: number;
  withheldCount?: number;
  /** The tenant's passback settings, if the spec needs any. */
  passback?: NewTenant['passback'];
}

/** A gradebook write IC accepted (a PUT answered 2xx). */
export type IcGradebookWrite = ReturnType<OneRosterSimulator['admin']['gradebookWrites']>[number];

/**
 * Test support for the gradebook int-specs: the OneRoster and Canvas simulators, a Live Events bridge into
 * canvas.live-events, the tenant in a fresh admin schema, and the processor and writer roles on the shared
 * Kafka/registry/PostgreSQL under unique names — started in `beforeAll` of the calling suite, torn down (topics and
 * schemas dropped) in its `afterAll`. The class provisioned into Canvas is the one with the most active students.
 */
export function gradebookIntKit(options: GradebookIntKitOptions) {
  const services = testServices();
  const prefix = `${uniqueName(options.name)}.`;
  const schemaPrefix = `${prefix.replace(/[^a-z0-9]/g, '_')}`;
  const secretsKey = randomBytes(32).toString('base64');
  const district: District = generateDistrict({ seed: 3, size: 'tiny' });
  let ic: OneRosterSimulator;
  let canvas: CanvasSimulator;
  let admin: DataSource;
  let processorRuntime: ServiceRuntime<GradebookConfig>;
  let writerRuntime: ServiceRuntime<GradebookConfig>;
  let processor: GradebookRole;
  let bridge: { url: string; close(): Promise<void> };
  let klass: ProvisionedClass;

  const env = (role: string) => ({
    KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
    SECRETS_KEY: secretsKey, TOPIC_PREFIX: prefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'error', HTTP_PORT: '0',
    GRADEBOOK_ROLE: role, GRADEBOOK_RECONCILE_INTERVAL_MS: '0', GRADEBOOK_CACHE_TTL_MS: '0',
  });

  beforeAll(async () => {
    const counts = new Map<string, number>();
    for (const e of district.enrollments) if (e.role === 'student' && e.status === 'active') counts.set(e.classSourcedId, (counts.get(e.classSourcedId) ?? 0) + 1);
    const classId = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    ic = await startOneRosterSimulator({ district });
    processorRuntime = await startServiceRuntime({ serviceName: 'gradebook', defaultHttpPort: 0, extraEnv: gradebookEnv, env: env('processor') });
    const liveEventsTopic = processorRuntime.topic(Topics.canvasLiveEvents);
    bridge = await startLiveEventBridge(TENANT, async (event) => {
      const contextId = event.metadata.context_id ? localCanvasId(String(event.metadata.context_id)) : null;
      const value: CanvasLiveEventRecord = {
        tenant: event.tenant, eventName: String(event.metadata.event_name), eventTime: String(event.metadata.event_time),
        metadata: JSON.stringify(event.metadata), body: JSON.stringify(event.body), rootAccountId: '1',
        contextType: (event.metadata.context_type as string | undefined) ?? null, contextId, eventId: randomUUID(), receivedAt: new Date().toISOString(),
      };
      await processorRuntime.publisher.publish(liveEventsTopic, [{ key: liveEventKey(TENANT, contextId), value, tenant: TENANT }]);
    });
    canvas = await startCanvasSimulator({ rootAccounts: [{ key: TENANT, tokens: [CANVAS_TOKEN], shard: 2107 }], liveEvents: { webhookUrl: bridge.url }, throttle: false });
    klass = await provisionClass(district, { baseUrl: canvas.baseUrl, token: CANVAS_TOKEN }, classId, options.dropCount, options.withheldCount);

    admin = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await admin.initialize();
    await runMigrations(admin);
    await kit.tenants().create({
      id: TENANT, name: 'Acme USD',
      ic: { baseUrl: ic.rosteringUrl, gradebookUrl: ic.gradebookUrl, tokenUrl: ic.tokenUrl, appName: 'rostering', clientId: 'rp-client', clientSecret: 'rp-secret', vendorAuthorization: ic.vendorAuthorization },
      canvas: { baseUrl: canvas.baseUrl, rootAccountId: '1', token: CANVAS_TOKEN },
      ...(options.passback ? { passback: options.passback } : {}),
    });

    processor = await startGradebookRole(processorRuntime);
    writerRuntime = await startServiceRuntime({ serviceName: 'gradebook-writer', defaultHttpPort: 0, extraEnv: gradebookEnv, env: env('writer'), ensureTopics: false });
    await startGradebookRole(writerRuntime);
    await Promise.all([processorRuntime.startConsumers(), writerRuntime.startConsumers()]);
  });

  afterAll(async () => {
    await canvas?.admin.flushLiveEvents().catch(() => undefined);
    const kafkaAdmin = processorRuntime?.kafka.admin();
    await writerRuntime?.close();
    await processorRuntime?.close();
    if (kafkaAdmin) {
      await kafkaAdmin.connect();
      const ours = (await kafkaAdmin.listTopics()).filter((t) => t.startsWith(prefix));
      await kafkaAdmin.deleteTopics({ topics: ours }).catch(() => undefined);
      await kafkaAdmin.disconnect();
    }
    for (const schema of ['admin', 'gradebook']) await admin?.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}${schema}" CASCADE`);
    await admin?.destroy();
    await Promise.all([bridge?.close(), canvas?.close(), ic?.close()]);
  });

  const kit = {
    district,
    get ic() { return ic; },
    get canvas() { return canvas; },
    get klass() { return klass; },
    get processor() { return processor; },
    get processorRuntime() { return processorRuntime; },
    /** The tenants of this suite's admin schema (secrets under its own key). */
    tenants: () => new TenantRepository(admin, Buffer.from(secretsKey, 'base64')),
    /** The teacher's view of the tenant's Canvas account. */
    teacher: () => canvas.admin.account(TENANT),
    course: () => `sis_course_id:${klass.klass.sourcedId}`,
    user: (id: string) => `sis_user_id:${id}`,
    /** The gradebook writes of a kind IC accepted. */
    puts: (kind: 'lineItems' | 'results'): IcGradebookWrite[] => ic.admin.gradebookWrites().filter((w) => w.kind === kind && w.method === 'PUT' && w.status < 300),
    /** The bodies of the results IC accepted for `resultId`, oldest first. */
    resultPuts: (resultId: string) => kit.puts('results').filter((w) => w.sourcedId === resultId).map((w) => (w.body as { result: Record<string, unknown> }).result),
    /** The last result IC accepted for `resultId`; throws (for `eventually`) while there is none. */
    lastResult: (resultId: string) => {
      const puts = kit.resultPuts(resultId);
      if (puts.length === 0) throw new Error(`no result ${resultId} in IC yet`);
      return puts[puts.length - 1];
    },
    /** Stops the processor role and starts a new one on the same topics, consumer group and schema (a redeploy). */
    restartProcessor: async () => {
      await processorRuntime.close();
      processorRuntime = await startServiceRuntime({ serviceName: 'gradebook', defaultHttpPort: 0, extraEnv: gradebookEnv, env: env('processor'), ensureTopics: false });
      processor = await startGradebookRole(processorRuntime);
      await processorRuntime.startConsumers();
    },
    /** The processor's recorded outcome of a lineItem or result. */
    outcome: (key: string) => processor.repo.outcome(TENANT, key),
  };
  return kit;
}
