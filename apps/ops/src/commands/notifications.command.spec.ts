import { Command } from 'commander';
import { loadConfig } from '@rp/config';
import type { WebhookSummary } from '@rp/persistence';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { parseEvents, registerNotificationsCommands, resolveWebhookSecret, WebhookStore } from './notifications.command';

const SECRET = 'whsec-0123456789abcdef';
const SLACK = 'https://hooks.slack.com/services/T0/B0/secret-path';

function harness(env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}) {
  const printed: unknown[] = [];
  const added: unknown[] = [];
  const store: WebhookStore = {
    add: jest.fn(async (w) => {
      added.push(w);
      return { id: 'wh-1', tenant: w.tenant, host: w.host, format: w.format, events: w.events, createdAt: new Date('2026-12-07T10:00:00Z') } satisfies WebhookSummary;
    }),
    list: jest.fn(async () => []),
    remove: jest.fn(async (tenant: string) => tenant === 'acme'),
  };
  const ctx = {
    env, json: false,
    config: (schema: Parameters<typeof loadConfig>[0]) => loadConfig(schema, env),
    out: (value: unknown, human?: string | ((v: unknown) => string)) => printed.push(!human ? value : typeof human === 'string' ? human : human(value)),
  } as unknown as OpsContext;
  const program = new Command('ops').exitOverride();
  registerNotificationsCommands(program, ctx, {
    storeOf: async () => store,
    readText: (path) => {
      if (!(path in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return files[path];
    },
  });
  return { printed, added, store, run: (...args: string[]) => program.parseAsync(['node', 'ops', ...args]) };
}

describe('ops notifications', () => {
  it('adds a Slack webhook with the secret from the environment; prints the host, never the path', async () => {
    const { printed, added, run } = harness({ NOTIFICATION_WEBHOOK_SECRET: SECRET });
    await run('notifications', 'add', '--tenant', 'acme', '--url', SLACK, '--format', 'slack', '--events', 'plan-held,run-failed');
    expect(added).toEqual([{ tenant: 'acme', url: SLACK, host: 'https://hooks.slack.com', secret: SECRET, format: 'slack', events: ['plan-held', 'run-failed'] }]);
    expect(printed[0]).toContain('webhook wh-1 added to tenant acme: https://hooks.slack.com (slack) for plan-held, run-failed');
    expect(String(printed[0])).not.toContain('secret-path');
  });

  it('takes the secret from --secret-file before the environment', async () => {
    const { added, run } = harness({ NOTIFICATION_WEBHOOK_SECRET: 'env-secret-0123456789' }, { '/s': `${SECRET}\n` });
    await run('notifications', 'add', '--tenant', 'acme', '--url', SLACK, '--secret-file', '/s');
    expect(added[0]).toMatchObject({ secret: SECRET, format: 'json', events: ['plan-held', 'run-failed', 'credentials-rejected', 'credentials-expiring', 'stage-stalled', 'passback-refusals'] });
  });

  it.each([
    ['plain http', ['--url', 'http://alerts.example/hook'], {}, /must use https/],
    ['http to 127.0.0.1 without the test setting', ['--url', 'http://127.0.0.1:9/hook'], {}, /NOTIFICATIONS_ALLOW_HTTP_LOOPBACK/],
    ['an unknown event', ['--url', SLACK, '--events', 'plan-held,typo'], {}, /unknown: typo/],
    ['an unknown format', ['--url', SLACK, '--format', 'teams'], {}, /--format must be one of slack, json/],
  ] as const)('refuses %s', async (_what, args, extraEnv, message) => {
    const { run, added } = harness({ NOTIFICATION_WEBHOOK_SECRET: SECRET, ...extraEnv });
    await expect(run('notifications', 'add', '--tenant', 'acme', ...args)).rejects.toThrow(message);
    expect(added).toEqual([]);
  });

  it('accepts http to 127.0.0.1 when NOTIFICATIONS_ALLOW_HTTP_LOOPBACK is set (tests)', async () => {
    const { run, added } = harness({ NOTIFICATION_WEBHOOK_SECRET: SECRET, NOTIFICATIONS_ALLOW_HTTP_LOOPBACK: 'true' });
    await run('notifications', 'add', '--tenant', 'acme', '--url', 'http://127.0.0.1:4567/hook');
    expect(added[0]).toMatchObject({ host: 'http://127.0.0.1:4567' });
  });

  it('removing another tenant\'s webhook is an operator error naming the list command', async () => {
    const { run } = harness();
    await run('notifications', 'remove', 'wh-1', '--tenant', 'acme');
    await expect(run('notifications', 'remove', 'wh-1', '--tenant', 'globex')).rejects.toThrow(/ops notifications list --tenant globex/);
  });

  it.each([
    [undefined, {}, undefined, /NOTIFICATION_WEBHOOK_SECRET or pass --secret-file/],
    ['/missing', {}, undefined, /cannot be read \(ENOENT\)/],
    [undefined, { NOTIFICATION_WEBHOOK_SECRET: 'short' }, undefined, /at least 16 characters/],
  ] as const)('a missing or weak secret is refused (file %s)', async (file, env, prompt, message) => {
    await expect(resolveWebhookSecret(file, env, { readText: () => { throw Object.assign(new Error(), { code: 'ENOENT' }); }, prompt })).rejects.toThrow(message);
  });

  it('asks on a terminal when no file or variable gives the secret', async () => {
    expect(await resolveWebhookSecret(undefined, {}, { readText: () => '', prompt: async () => ` ${SECRET} ` })).toBe(SECRET);
  });

  it('parses --events', () => {
    expect(parseEvents(' plan-held , run-failed,plan-held')).toEqual(['plan-held', 'run-failed']);
    expect(parseEvents('daily-summary')).toEqual(['daily-summary']); // opt-in: not in the default set
    expect(parseEvents(undefined)).not.toContain('daily-summary');
    expect(() => parseEvents(',')).toThrow(UserError);
  });
});
