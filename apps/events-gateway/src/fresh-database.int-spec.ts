import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { adminStore, createDataSource, runMigrations } from '@rp/persistence';
import { freePort, testServices, uniqueName } from '@rp/testing';

jest.setTimeout(120_000);

const REPO_ROOT = resolve(__dirname, '../../..');

interface Readiness { status: 'ready' | 'not ready'; checks: Record<string, { ok: boolean; error?: string }> }

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('events-gateway started before the admin schema exists (all apps starting at once on a fresh database)', () => {
  const services = testServices();
  const schemaPrefix = `${uniqueName('gwfresh').replace(/[^a-z0-9]/g, '_')}_`;
  let gateway: ChildProcess | undefined;
  let output = '';
  afterAll(() => gateway?.kill('SIGKILL'));

  it('keeps running, not ready and saying why, and becomes ready once the directory exists — no crash, no restart', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    gateway = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/events-gateway/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, KAFKA_BROKERS: services.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
        HTTP_PORT: String(port), ADMIN_PORT: String(adminPort), TOPIC_PREFIX: `${uniqueName('gwfresh')}.`, DB_SCHEMA_PREFIX: schemaPrefix,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (d) => (output += d));
    gateway.stderr!.on('data', (d) => (output += d));
    const readiness = async () => (await (await fetch(`http://127.0.0.1:${adminPort}/readyz`)).json()) as Readiness;

    const notReady = await until('a readiness answer', async () => ((await readiness()).checks.tenants ? readiness() : undefined));
    expect(notReady.status).toBe('not ready');
    expect(notReady.checks.tenants).toEqual({ ok: false, error: expect.stringMatching(/tenant_directory/) });
    expect(output).toMatch(/the tenant directory cannot be read yet/);

    // another app (or `ops migrate`) migrates the admin schema
    const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await ds.initialize();
    try {
      await runMigrations(ds);
    } finally {
      await ds.destroy();
    }
    const ready = await until('the gateway ready', async () => ((await readiness()).status === 'ready' ? readiness() : undefined));
    expect(ready.checks.tenants.ok).toBe(true);
    expect(gateway.exitCode).toBeNull();
  });
});
