import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { generateDistrict, type District, type DistrictSizeName } from '@rp/fixtures';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { AppProcess, REPO_ROOT } from '@rp/e2e';
import { demoPortsFrom } from './demo-ports';

export const DEMO_TENANT = 'demo';
const DEMO_DIR = join(REPO_ROOT, '.services', 'demo');
/** The demo's own slice of the local broker and database, wiped at each start (the simulators start empty too). */
export const DEMO_TOPIC_PREFIX = 'demo.';
export const DEMO_SCHEMA_PREFIX = 'demo_';

export const demoPorts = demoPortsFrom(process.env);

/** Starts Kafka, the registry and PostgreSQL with the project's script and adopts the environment it prints. */
export function startServices(): void {
  const out = execFileSync('bash', [join(REPO_ROOT, 'scripts/services.sh'), 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of out.split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line.trim());
    if (match) process.env[match[1]] = match[2];
  }
}

/** The demo's secrets key: made once, kept in .services/demo (ignored by git), readable only by its owner. */
export function demoSecretsKey(): string {
  mkdirSync(DEMO_DIR, { recursive: true });
  const file = join(DEMO_DIR, 'secrets.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export interface DemoSimulators {
  district: District;
  ic: OneRosterSimulator;
  canvas: CanvasSimulator;
}

/** The sample district in an Infinite Campus simulator, and a Canvas simulator whose Live Events go to the gateway. */
export async function startSimulators(size: DistrictSizeName): Promise<DemoSimulators> {
  const district = generateDistrict({ seed: 2026, size });
  const ic = await startOneRosterSimulator({ district, port: demoPorts.oneRoster });
  const canvas = await startCanvasSimulator({
    port: demoPorts.canvas,
    rootAccounts: [{ key: DEMO_TENANT, tokens: ['demo-canvas-token'], name: 'Demo District Canvas', shard: 2107 }],
    liveEvents: { webhookUrl: `http://127.0.0.1:${demoPorts.gateway}/live-events` },
    importSpeed: { rowsPerStep: 500, stepDelayMs: 0 },
  });
  return { district, ic, canvas };
}

/** Creates (or re-points, when the ports changed) the demo tenant in the admin store. */
export async function registerDemoTenant(sims: DemoSimulators, secretsKey: string): Promise<DataSource> {
  const ds = createDataSource({ url: process.env.DATABASE_URL!, store: adminStore, schema: `${DEMO_SCHEMA_PREFIX}admin` });
  await ds.initialize();
  await runMigrations(ds);
  const repo = new TenantRepository(ds, Buffer.from(secretsKey, 'base64'));
  const ic = { baseUrl: sims.ic.rosteringUrl, tokenUrl: sims.ic.tokenUrl, clientId: 'rp-client' };
  // The uuid identifies the Canvas instance for Live Events (a local id alone never does; docs/security.md).
  const canvas = { baseUrl: sims.canvas.baseUrl, rootAccountId: '1', rootAccountUuid: sims.canvas.admin.state(DEMO_TENANT).uuid, liveEventsJwksUrl: sims.canvas.jwksUrl };
  const secrets = { clientSecret: 'rp-secret', vendorAuthorization: sims.ic.vendorAuthorization };
  const schedule = { deltaIntervalSeconds: 30, deltaOverlapSeconds: 60 };
  if ((await repo.list()).some((t) => t.id === DEMO_TENANT)) {
    await repo.update(DEMO_TENANT, { ic: { ...ic, ...secrets }, canvas: { ...canvas, token: 'demo-canvas-token' }, schedule, status: 'active' });
  } else {
    await repo.create({ id: DEMO_TENANT, name: 'Demo District', ic: { ...ic, ...secrets }, canvas: { ...canvas, token: 'demo-canvas-token' }, schedule });
  }
  return ds;
}

/** Deletes the previous demo's topics and schemas, so this run starts from an empty Canvas and an empty platform. */
export async function wipePreviousDemo(admin: Admin): Promise<void> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(DEMO_TOPIC_PREFIX));
  if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  for (let i = 0; i < 60 && (await admin.listTopics()).some((t) => t.startsWith(DEMO_TOPIC_PREFIX)); i++) {
    await new Promise((r) => setTimeout(r, 500));
  }
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1`, [`${DEMO_SCHEMA_PREFIX}%`]);
    for (const { schema_name } of rows) await db.query(`DROP SCHEMA "${schema_name}" CASCADE`);
  } finally {
    await db.end();
  }
}

/** The platform's apps as processes, logging to .services/demo/logs. */
export function demoApps(secretsKey: string): AppProcess[] {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL,
    DATABASE_URL: process.env.DATABASE_URL,
    // Set by startTracing when Jaeger runs: every app exports its spans there (nothing is exported without it).
    // A span per SQL query would outnumber the pipeline's own spans ten to one; OTEL_NODE_DISABLED_INSTRUMENTATIONS= (empty) keeps them.
    ...(process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? {
      OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
      OTEL_BSP_SCHEDULE_DELAY: '1000',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: process.env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? 'pg',
    } : {}),
    SECRETS_KEY: secretsKey,
    TOPIC_PREFIX: DEMO_TOPIC_PREFIX,
    DB_SCHEMA_PREFIX: DEMO_SCHEMA_PREFIX,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    EXTRACTOR_TICK_MS: '2000',
    LOADER_TICK_MS: '500',
    LOADER_BATCH_MAX_WAIT_MS: '2000',
  };
  const logs = join(DEMO_DIR, 'logs');
  let port = demoPorts.firstApp;
  return [
    new AppProcess('extractor', port++, base, logs),
    new AppProcess('transformer', port++, base, logs),
    new AppProcess('loader', port++, base, logs),
    // The gateway holds no secret (ADR 0030): it gets no secrets key, and would warn if it did.
    new AppProcess('events-gateway', demoPorts.gateway, { ...base, SECRETS_KEY: undefined }, logs),
    new AppProcess('gradebook', port++, { ...base, GRADEBOOK_ROLE: 'processor' }, logs),
    // Same app, writer role: its own log folder keeps the two logs apart.
    new AppProcess('gradebook', port++, { ...base, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }, join(logs, 'writer')),
  ];
}
