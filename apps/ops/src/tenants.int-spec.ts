import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { deliveryUrlSecretHash } from '@rp/canvas';
import { adminStore, createDataSource, TenantRepository } from '@rp/persistence';
import { testServices, uniqueName } from '@rp/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { runOps } from './testing/ops-process';

jest.setTimeout(120_000);

const services = testServices();
const schemaPrefix = `${uniqueName('ops_t').replace(/[^a-z0-9]/g, '_')}_`;
const secretsKey = randomBytes(32);
const env = {
  DATABASE_URL: services.databaseUrl,
  SECRETS_KEY: secretsKey.toString('base64'),
  DB_SCHEMA_PREFIX: schemaPrefix,
};
const SECRETS = { icClientSecret: 'ic-client-S3CRET-value', canvasToken: 'canvas-T0KEN-7~abcdef', icVendorAuthorization: 'vendor-AUTH-xyz' };
const ROTATED_TOKEN = 'canvas-ROTATED-9~zzzz';

let canvas: CanvasSimulator;
beforeAll(async () => {
  canvas = await startCanvasSimulator({
    rootAccounts: [
      { key: 'acme', name: 'Acme ISD', tokens: [SECRETS.canvasToken, ROTATED_TOKEN] },
      { key: 'other', name: 'Other ISD', tokens: ['other-district-token'] },
    ],
  });
});
afterAll(() => canvas.close());

const addFlags = (canvasBaseUrl = canvas.baseUrl) => [
  '--name', 'Acme ISD',
  '--ic-base-url', 'https://ic.acme.example/campus/api/ims/oneroster/rostering/v1p2',
  '--ic-token-url', 'https://ic.acme.example/campus/oauth2/token',
  '--ic-client-id', 'acme-client',
  '--ic-app-name', 'acme',
  '--canvas-base-url', `${canvasBaseUrl}/`,
  '--canvas-root-account', '1',
  '--mapping', '{"terms":{"strategy":"school-year"}}',
];

const dir = mkdtempSync(join(tmpdir(), 'ops-tenants-'));
const secretsFile = join(dir, 'secrets.json');
writeFileSync(secretsFile, JSON.stringify({ icVendorAuthorization: SECRETS.icVendorAuthorization }));
const rotateFile = join(dir, 'rotate.json');
writeFileSync(rotateFile, JSON.stringify({ canvasToken: ROTATED_TOKEN }));

const everything: string[] = [];
async function ops(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = await runOps(args, { ...env, ...extraEnv });
  everything.push(result.stdout, result.stderr);
  return result;
}

async function repository() {
  const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
  await ds.initialize();
  return { ds, repo: new TenantRepository(ds, secretsKey) };
}

afterAll(async () => {
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}admin" CASCADE`);
  await pg.end();
});

describe('ops tenants (CLI process against PostgreSQL)', () => {
  it('adds a tenant with secrets from the environment and a secrets file, stored encrypted', async () => {
    const added = await ops(['tenants', 'add', 'acme', ...addFlags(), '--secrets-file', secretsFile, '--json'], {
      IC_CLIENT_SECRET: SECRETS.icClientSecret,
      CANVAS_TOKEN: SECRETS.canvasToken,
    });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      id: 'acme', status: 'active', sealed: { set: ['icClientSecret', 'canvasToken', 'icVendorAuthorization'], unset: [] },
    });

    const pg = new Client({ connectionString: services.databaseUrl });
    await pg.connect();
    const { rows } = await pg.query(`SELECT * FROM "${schemaPrefix}admin".tenants WHERE id = 'acme'`);
    await pg.end();
    const stored = JSON.stringify(rows[0]);
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
    expect(rows[0].canvas_token_encrypted).toMatch(/^v2:[0-9a-f]{12}:/);

    const { ds, repo } = await repository();
    const connection = await repo.connection('acme');
    await ds.destroy();
    expect(connection.ic).toMatchObject({ clientSecret: SECRETS.icClientSecret, vendorAuthorization: SECRETS.icVendorAuthorization, appName: 'acme' });
    expect(connection.canvas.token).toBe(SECRETS.canvasToken);
    expect(connection.mapping).toEqual({ terms: { strategy: 'school-year' } });
  });

  it('stores the canonical Canvas base URL and the root account uuid Canvas serves for the token', async () => {
    const shown = JSON.parse((await ops(['tenants', 'show', 'acme', '--json'])).stdout);
    expect(shown.canvas).toMatchObject({ baseUrl: canvas.baseUrl, rootAccountId: '1', rootAccountUuid: canvas.state.get('acme')!.uuid });
  });

  it.each([
    ['another spelling of the same URL', () => canvas.baseUrl.replace('http://', 'HTTP://')],
    ['another host name for the same instance', () => canvas.baseUrl.replace('127.0.0.1', 'localhost')],
  ])('refuses a second tenant on the same Canvas account (%s), naming the other tenant', async (_name, url) => {
    const result = await ops(['tenants', 'add', 'acme-copy', ...addFlags(url())], { IC_CLIENT_SECRET: 'x', CANVAS_TOKEN: SECRETS.canvasToken });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already belongs to tenant acme');
    expect((await ops(['tenants', 'show', 'acme-copy'])).code).toBe(1);
  });

  it('refuses a --canvas-root-account-uuid that is not the one Canvas serves for the token', async () => {
    const result = await ops(['tenants', 'add', 'delta', ...addFlags(), '--canvas-root-account-uuid', canvas.state.get('other')!.uuid],
      { IC_CLIENT_SECRET: 'x', CANVAS_TOKEN: SECRETS.canvasToken });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not the uuid Canvas at');
    expect((await ops(['tenants', 'show', 'delta'])).code).toBe(1);
  });

  it('refuses a token Canvas does not accept before storing anything', async () => {
    const refused = await ops(['tenants', 'add', 'gamma', ...addFlags()], { IC_CLIENT_SECRET: 'x', CANVAS_TOKEN: 'not-a-canvas-token' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the token for account 1');
    expect((await ops(['tenants', 'show', 'gamma'])).code).toBe(1);
  });

  it('refuses to add a tenant without its secrets when no terminal can prompt, naming the variables', async () => {
    const result = await ops(['tenants', 'add', 'beta', ...addFlags()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('IC_CLIENT_SECRET');
    expect((await ops(['tenants', 'show', 'beta'])).code).toBe(1);
  });

  it('refuses a duplicate id and names the update command', async () => {
    const result = await ops(['tenants', 'add', 'acme', ...addFlags()], { IC_CLIENT_SECRET: 'x', CANVAS_TOKEN: 'y' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ops tenants update acme');
  });

  it('lists and shows tenants with secrets only as set/unset', async () => {
    const list = await ops(['tenants', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/acme\s+Acme ISD\s+active/);

    const show = await ops(['tenants', 'show', 'acme']);
    expect(show.stdout).toMatch(/canvas token\s+set/);
    expect(show.stdout).toMatch(/ic token url\s+https:\/\/ic\.acme\.example\/campus\/oauth2\/token/);

    const json = JSON.parse((await ops(['tenants', 'list', '--json'])).stdout);
    expect(json.map((t: { id: string }) => t.id)).toEqual(['acme']);
  });

  it('updates settings and rotates a secret from a file; invalid settings change nothing', async () => {
    const bad = await ops(['tenants', 'update', 'acme', '--passback', '{"assignmentScope":"everything"}', '--name', 'Renamed']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('assignmentScope');

    const stray = await ops(['tenants', 'update', 'acme', '--name', 'Acme Independent SD'], { CANVAS_TOKEN: 'stray-token-from-shell' });
    expect(stray.code).toBe(0);
    const rotated = await ops(['tenants', 'update', 'acme', '--secrets-file', rotateFile, '--passback', '{"sendCourseGrades":false}']);
    expect(rotated.code).toBe(0);

    const { ds, repo } = await repository();
    const connection = await repo.connection('acme');
    await ds.destroy();
    expect(connection.name).toBe('Acme Independent SD');
    expect(connection.passback).toEqual({ sendCourseGrades: false });
    expect(connection.canvas.token).toBe(ROTATED_TOKEN); // the stray CANVAS_TOKEN was not taken without --secrets-from-env
    expect(connection.ic.clientSecret).toBe(SECRETS.icClientSecret);
  });

  it('disables and enables a tenant', async () => {
    expect((await ops(['tenants', 'disable', 'acme'])).code).toBe(0);
    expect(JSON.parse((await ops(['tenants', 'show', 'acme', '--json'])).stdout).status).toBe('disabled');
    const sync = await ops(['sync', 'acme']);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('ops tenants enable acme');
    expect((await ops(['tenants', 'enable', 'acme'])).code).toBe(0);
    expect(JSON.parse((await ops(['tenants', 'show', 'acme', '--json'])).stdout).status).toBe('active');
  });

  it('pauses scheduled syncs with a reason shown by tenants show, refuses ops sync meanwhile, and resumes', async () => {
    const paused = await ops(['tenants', 'pause', 'acme', '--reason', 'IC upgrade weekend', '--by', 'ana']);
    expect(paused.code).toBe(0);
    const show = await ops(['tenants', 'show', 'acme']);
    expect(show.stdout).toMatch(/sync paused\s+since \S+ by ana: IC upgrade weekend; resume with `ops tenants resume acme`/);
    expect((await ops(['tenants', 'list'])).stdout).toMatch(/acme\s+.*active \(sync paused\)/);
    const sync = await ops(['sync', 'acme']);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('syncs are paused');
    expect(sync.stderr).toContain('IC upgrade weekend');

    expect((await ops(['tenants', 'resume', 'acme'])).code).toBe(0);
    expect((await ops(['tenants', 'show', 'acme'])).stdout).toMatch(/sync paused\s+-/);
    const again = await ops(['tenants', 'resume', 'acme']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('tenant acme is not paused');
  });

  it('shows the blackout in force and refuses a schedule it cannot read', async () => {
    const schedule = JSON.stringify({ timeZone: 'UTC', blackouts: [{ from: '2000-01-01', to: '2999-12-31', mode: 'holdDestructive', reason: 'always' }] });
    expect((await ops(['tenants', 'update', 'acme', '--schedule', schedule])).code).toBe(0);
    expect((await ops(['tenants', 'show', 'acme'])).stdout).toMatch(/blackout now\s+2000-01-01\.\.2999-12-31 \(holdDestructive: always\)/);
    const bad = await ops(['tenants', 'update', 'acme', '--schedule', '{"fullAt":["Sunday at 2"]}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('fullAt: "Sunday at 2" is not a time of day');
  });

  it('creates and rotates the unsigned Live Events delivery URL: printed once, stored only as its SHA-256', async () => {
    const first = JSON.parse((await ops(['tenants', 'live-events-url', 'acme', '--gateway-url', 'https://gw.example/', '--json'])).stdout);
    const second = JSON.parse((await ops(['tenants', 'live-events-url', 'acme', '--gateway-url', 'https://gw.example', '--json'])).stdout);
    const secretOf = (url: string) => /^https:\/\/gw\.example\/live-events\/([A-Za-z0-9_-]{43})$/.exec(url)![1];
    const [s1, s2] = [secretOf(first.deliveryUrl), secretOf(second.deliveryUrl)];
    expect(s1).not.toBe(s2);
    const { ds, repo } = await repository();
    const stored = (await repo.get('acme')).canvas.liveEventsUrlSecretSha256;
    const rows = await ds.query(`SELECT canvas_settings::text AS settings FROM tenants WHERE id = 'acme'`) as { settings: string }[];
    await ds.destroy();
    expect(stored).toBe(deliveryUrlSecretHash(s2)); // rotated: the first URL no longer matches
    expect(rows[0].settings).not.toContain(s1);
    expect(rows[0].settings).not.toContain(s2);
    expect((await ops(['tenants', 'show', 'acme'])).stdout).toMatch(/live events delivery url\s+set/);
  });

  it('an unknown tenant is a user error', async () => {
    const result = await ops(['tenants', 'show', 'nobody']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ops tenants list');
  });

  it('never printed a secret in any output or log', () => {
    const printed = everything.join('\n');
    for (const secret of [...Object.values(SECRETS), ROTATED_TOKEN, 'stray-token-from-shell']) expect(printed).not.toContain(secret);
  });
});
