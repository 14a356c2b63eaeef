import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '@rp/testing';
import { ExitCode } from '../ops-errors';
import { buildProgram, runCli } from './run-cli';

const KEY = Buffer.alloc(32, 7).toString('base64');

async function ops(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ops', ...args], buildProgram, {
    env,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('ops CLI (no services)', () => {
  it('prints help with exit 0, including the global --json flag', async () => {
    const { code, stdout } = await ops(['tenants', 'add', '--help']);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('--ic-base-url <url>');
    expect(stdout).toContain('--json');
    expect(stdout).toContain('Secrets are never flags');
  });

  it.each([
    [['tenants', 'frobnicate']],
    [['sync', 'acme', '--full', '--delta']],
    [['sync', 'acme', '--until', 'nowhere']],
    [['tenants', 'show']],
  ])('a usage mistake %j exits 1', async (args) => {
    const { code, stderr } = await ops(args);
    expect(code).toBe(ExitCode.userError);
    expect(stderr).toMatch(/error/);
  });

  it('checks tenant flags before touching the database, naming the missing ones', async () => {
    const { code, stderr } = await ops(['tenants', 'add', 'acme', '--name', 'Acme'], { IC_CLIENT_SECRET: 'a', CANVAS_TOKEN: 'b' });
    expect(code).toBe(ExitCode.userError);
    expect(stderr).toContain('missing --ic-base-url, --ic-token-url, --ic-client-id, --canvas-base-url, --canvas-root-account');
  });

  it('a missing setting is a user error naming the variable', async () => {
    const { code, stderr } = await ops(['tenants', 'list']);
    expect(code).toBe(ExitCode.userError);
    expect(stderr).toContain('DATABASE_URL is required but not set');
  });

  it('a bad TOPIC_PREFIX is a user error', async () => {
    const { code, stderr } = await ops(['tenants', 'list'], { TOPIC_PREFIX: 'a b' });
    expect(code).toBe(ExitCode.userError);
    expect(stderr).toContain('TOPIC_PREFIX');
  });

  it('an unreachable database is a system error (exit 2), reported as JSON with --json, password redacted', async () => {
    const { code, stderr, stdout } = await ops(['tenants', 'list', '--json'], {
      DATABASE_URL: 'postgres://ops:hunter2@127.0.0.1:1/none',
      SECRETS_KEY: KEY,
    });
    expect(code).toBe(ExitCode.systemError);
    expect(stdout).toBe('');
    const error = JSON.parse(stderr.trim().split('\n').pop()!);
    expect(error.exitCode).toBe(2);
    expect(error.error).toContain('PostgreSQL at 127.0.0.1:1 (DATABASE_URL) did not answer: connect ECONNREFUSED 127.0.0.1:1');
    expect(stderr).not.toContain('hunter2');
  });

  it('Kafka down fails within the probe (seconds, not kafkajs\'s minute of retries), naming Kafka and its address', async () => {
    const closed = await freePort();
    const { code, stderr } = await ops(['runs', 'list'], { KAFKA_BROKERS: `127.0.0.1:${closed}`, SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1' });
    expect(code).toBe(ExitCode.systemError);
    expect(stderr).toContain(`ops: Kafka at 127.0.0.1:${closed} (KAFKA_BROKERS) did not answer: connect ECONNREFUSED`);
  }, 15_000);

  it('a usage mistake with --json is reported once, as JSON', async () => {
    const { code, stderr } = await ops(['tenants', 'frobnicate', '--json']);
    expect(code).toBe(ExitCode.userError);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({ error: expect.stringContaining("unknown command 'frobnicate'"), exitCode: 1 });
  });

  it.each([
    [['sync', 'acme', '--until', 'transformer'], '--until only applies with --wait'],
    [['sync', 'acme', '--timeout', '30'], '--timeout only applies with --wait'],
  ])('%j without --wait is refused instead of ignored', async (args, message) => {
    const { code, stderr } = await ops(args);
    expect(code).toBe(ExitCode.userError);
    expect(stderr).toContain(message);
  });

  it('--version prints the platform version', async () => {
    const { code, stdout } = await ops(['--version']);
    expect(code).toBe(ExitCode.ok);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(resolve(__dirname, '../../../../package.json'), 'utf8')).version);
  });
});
