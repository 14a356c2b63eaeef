import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { freePort, testServices, uniqueName } from '@rp/testing';
import { runOps } from './testing/ops-process';

jest.setTimeout(180_000);

const services = testServices();
const schemaPrefix = `${uniqueName('ops_chk').replace(/[^a-z0-9]/g, '_')}_`;
const env = { DATABASE_URL: services.databaseUrl, SECRETS_KEY: randomBytes(32).toString('base64'), DB_SCHEMA_PREFIX: schemaPrefix };
const dir = mkdtempSync(join(tmpdir(), 'ops-check-'));

/** One tenant per fault, each on its own Canvas instance (one Canvas account serves one tenant). */
const TENANTS = ['healthy', 'wrong-secret', 'no-vendor', 'no-sis', 'no-jwks'] as const;
type TenantName = (typeof TENANTS)[number];
const TOKEN_EXPIRES = '2027-03-31T23:59:00.000Z';

let ic: OneRosterSimulator;
const canvases = new Map<TenantName, CanvasSimulator>();
let closedPort: number;

interface CheckLine { check: string; status: 'pass' | 'fail' | 'skipped'; detail: string; hint?: string }

async function ops(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return runOps(args, { ...env, ...extraEnv });
}

async function addTenant(id: TenantName): Promise<void> {
  const secrets: Record<string, string> = {
    icClientSecret: id === 'wrong-secret' ? 'not-the-secret' : 'rp-secret',
    canvasToken: id === 'no-sis' ? `${id}-token-without-sis` : `${id}-token`,
  };
  if (id !== 'no-vendor') secrets.icVendorAuthorization = ic.vendorAuthorization!;
  const secretsFile = join(dir, `${id}.json`);
  writeFileSync(secretsFile, JSON.stringify(secrets));
  const canvas = canvases.get(id)!;
  const jwksUrl = id === 'no-jwks' ? `http://127.0.0.1:${closedPort}/live-events/jwks` : canvas.jwksUrl;
  const added = await ops(['tenants', 'add', id, '--name', id,
    '--ic-base-url', ic.rosteringUrl, '--ic-gradebook-url', ic.gradebookUrl,
    '--ic-token-url', `${ic.baseUrl}/campus/oauth2/token`, '--ic-app-name', 'rostering', '--ic-client-id', 'rp-client',
    '--canvas-base-url', canvas.baseUrl, '--canvas-root-account', '1', '--canvas-jwks-url', jwksUrl,
    '--secrets-file', secretsFile]);
  if (added.code !== 0) throw new Error(`tenants add ${id} failed: ${added.stderr}`);
  expect(added.stdout).toContain(`ops tenants check ${id}`);
}

async function check(id: TenantName) {
  const result = await ops(['tenants', 'check', id, '--json']);
  const report = JSON.parse(result.stdout) as { canRun: boolean; checks: CheckLine[] };
  const line = (name: string) => report.checks.find((c) => c.check === name)!;
  return { code: result.code, report, line, failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.check) };
}

beforeAll(async () => {
  closedPort = await freePort(); // nothing listens there: the JWKS is unreachable
  ic = await startOneRosterSimulator();
  for (const id of TENANTS) {
    canvases.set(id, await startCanvasSimulator({
      rootAccounts: [id === 'no-sis' ? { key: id, tokens: [], tokensWithoutSisImport: [`${id}-token-without-sis`] }
        : { key: id, tokens: [`${id}-token`], ...(id === 'healthy' ? { tokenExpiresAt: { 'healthy-token': TOKEN_EXPIRES } } : {}) }],
    }));
  }
  await addTenant(TENANTS[0]); // alone: the first ops process migrates the fresh admin schema
  await Promise.all(TENANTS.slice(1).map(addTenant));
});

afterAll(async () => {
  await Promise.all([ic?.close(), ...[...canvases.values()].map((c) => c.close())]);
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}admin" CASCADE`);
  await pg.end();
});

describe('ops tenants check (CLI process against the IC and Canvas simulators)', () => {
  it('passes every check of a correctly configured tenant and exits 0', async () => {
    const { code, report } = await check('healthy');
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['ic token', 'pass'], ['ic orgs', 'pass'], ['ic academicSessions', 'pass'], ['ic courses', 'pass'], ['ic classes', 'pass'],
      ['ic users', 'pass'], ['ic enrollments', 'pass'], ['ic gradebook', 'pass'],
      ['canvas account', 'pass'], ['canvas sis import', 'pass'], ['canvas token expiry', 'pass'], ['canvas jwks', 'pass'],
    ]);
    expect(report.canRun).toBe(true);
    expect(code).toBe(0);
  });

  it("stores the Canvas token's expires_at as Canvas tells it, and tenants show prints it", async () => {
    const { line } = await check('healthy');
    expect(line('canvas token expiry').detail).toContain(`the token expires at ${TOKEN_EXPIRES}`);
    const shown = await ops(['tenants', 'show', 'healthy', '--json']);
    expect((JSON.parse(shown.stdout) as { expires: { ic: string | null; canvas: string | null } }).expires).toEqual({ ic: null, canvas: TOKEN_EXPIRES });
    expect((await check('wrong-secret')).line('canvas token expiry')).toMatchObject({ status: 'pass', detail: 'the token never expires' });
  });

  it('fails the IC token for a wrong client secret (401 at the token endpoint), with the fix, and exits 1', async () => {
    const { code, failed, line } = await check('wrong-secret');
    expect(failed).toEqual(['ic token']);
    expect(line('ic token').detail).toContain('HTTP 401');
    expect(line('ic token').hint).toContain('ops tenants update wrong-secret --secrets-file');
    expect(line('ic rostering').status).toBe('skipped');
    expect(code).toBe(1);
  });

  it("fails the gradebook read on IC's refusal when the vendor key is missing, naming the secret to store", async () => {
    const { code, failed, line } = await check('no-vendor');
    expect(failed).toEqual(['ic gradebook']);
    expect(line('ic gradebook').detail).toContain('x-vendor-authorization');
    expect(line('ic gradebook').hint).toContain('icVendorAuthorization ("key:secret")');
    expect(code).toBe(1);
  });

  it('fails the SIS import check for a Canvas token without the permission (Canvas answers 401), naming the permission', async () => {
    const { code, failed, line } = await check('no-sis');
    expect(failed).toEqual(['canvas sis import']);
    expect(line('canvas sis import').detail).toContain('401');
    expect(line('canvas sis import').hint).toContain('"SIS Data - import" permission on root account 1');
    expect(code).toBe(1);
  });

  it('fails the JWKS check when the JWKS URL is unreachable, naming the setting', async () => {
    const { code, failed, line } = await check('no-jwks');
    expect(failed).toEqual(['canvas jwks']);
    expect(line('canvas jwks').hint).toContain('ops tenants update no-jwks --canvas-jwks-url');
    expect(code).toBe(1);
  });

  it('prints one line per check and the fix under a failed one', async () => {
    const result = await ops(['tenants', 'check', 'no-sis']);
    expect(result.stdout).toMatch(/^PASS\s+ic token\s/m);
    expect(result.stdout).toMatch(/^FAIL\s+canvas sis import\s.*\n\s+fix: .*SIS Data - import/m);
    expect(result.stdout).toContain('Tenant no-sis cannot run until the failed checks are fixed.');
    expect(result.code).toBe(1);
  });
});
