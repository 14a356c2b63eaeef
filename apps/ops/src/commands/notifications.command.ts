import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { checkWebhookUrl, commonEnv, DEFAULT_NOTIFICATION_KINDS, env, NOTIFICATION_KINDS, NotificationKind, WEBHOOK_FORMATS, WebhookFormat, webhookHost, WebhookUrlError } from '@rp/config';
import { adminStore, NotificationWebhookRepository, WebhookSummary } from '@rp/persistence';
import { terminalSecretPrompt } from '../cli/secret-prompt';
import { formatTable } from '../cli/table';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';

/** The environment variable a webhook's signing secret may come from (never a flag: it would land in shell history). */
export const WEBHOOK_SECRET_ENV = 'NOTIFICATION_WEBHOOK_SECRET';

/** The webhook operations the commands need (the admin store's repository; a fake in tests). */
export type WebhookStore = Pick<NotificationWebhookRepository, 'add' | 'list' | 'remove'>;

export interface NotificationsCommandPorts {
  storeOf(ctx: OpsContext): Promise<WebhookStore>;
  prompt?: (label: string) => Promise<string>;
  readText(path: string): string;
}

const defaultPorts = (): NotificationsCommandPorts => ({
  storeOf: async (ctx) => {
    const { secretsKey } = ctx.config({ databaseUrl: commonEnv.databaseUrl, secretsKey: commonEnv.secretsKey });
    return new NotificationWebhookRepository(await ctx.dataSource(adminStore), secretsKey);
  },
  prompt: terminalSecretPrompt(),
  readText: (path) => readFileSync(path, 'utf8'),
});

const notificationsEnv = { allowHttpLoopback: env.bool('NOTIFICATIONS_ALLOW_HTTP_LOOPBACK').default(false) };

/** `ops notifications add|list|remove`: per-tenant webhooks the notifier signs and sends notifications to. */
export function registerNotificationsCommands(program: Command, ctx: OpsContext, ports: NotificationsCommandPorts = defaultPorts()): void {
  const notifications = program.command('notifications')
    .description('webhooks (Slack or JSON, signed) told about held plans, failed runs, rejected credentials and passback refusals');

  notifications.command('add').description('add a webhook to a tenant; the signing secret comes from ' +
      `${WEBHOOK_SECRET_ENV}, --secret-file or a prompt (never a flag)`)
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--url <url>', 'https URL (a Slack incoming webhook, or any receiver of the JSON form)')
    .option('--format <format>', `body format (${WEBHOOK_FORMATS.join(', ')})`, 'json')
    .option('--events <list>', `comma-separated subset of ${NOTIFICATION_KINDS.join(', ')} (default: all but daily-summary)`)
    .option('--secret-file <path>', 'file holding the signing secret (its first line)')
    .action(async (opts: { tenant: string; url: string; format: string; events?: string; secretFile?: string }) => {
      const { allowHttpLoopback } = ctx.config(notificationsEnv);
      const format = parseFormat(opts.format);
      const events = parseEvents(opts.events);
      let host: string;
      try {
        host = webhookHost(checkWebhookUrl(opts.url, { allowHttpLoopback }).toString());
      } catch (error) {
        if (error instanceof WebhookUrlError) throw new UserError(`tenant ${opts.tenant}: ${error.message}`);
        throw error;
      }
      const secret = await resolveWebhookSecret(opts.secretFile, ctx.env, ports);
      const store = await ports.storeOf(ctx);
      let added: WebhookSummary;
      try {
        added = await store.add({ tenant: opts.tenant, url: opts.url, host, secret, format, events });
      } catch (error) {
        if (/foreign key/i.test((error as Error).message)) throw new UserError(`tenant ${opts.tenant} does not exist; list tenants with \`ops tenants list\``);
        throw error;
      }
      ctx.out(added, (w) => `webhook ${w.id} added to tenant ${w.tenant}: ${w.host} (${w.format}) for ${w.events.join(', ')}; ` +
        'requests carry X-RP-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<body>"> with its secret');
    });

  notifications.command('list').description('webhooks, host only (the path of a Slack URL is its secret)')
    .option('--tenant <id>', 'only this tenant')
    .action(async (opts: { tenant?: string }) => {
      ctx.out(await (await ports.storeOf(ctx)).list(opts.tenant), formatWebhooks);
    });

  notifications.command('remove <id>').description('remove a tenant\'s webhook; notifications not yet sent to it are dropped')
    .requiredOption('--tenant <id>', 'the tenant the webhook belongs to')
    .action(async (id: string, opts: { tenant: string }) => {
      if (!(await (await ports.storeOf(ctx)).remove(opts.tenant, id))) {
        throw new UserError(`tenant ${opts.tenant} has no webhook ${id}; see \`ops notifications list --tenant ${opts.tenant}\``);
      }
      ctx.out({ removed: id, tenant: opts.tenant }, `webhook ${id} removed from tenant ${opts.tenant}`);
    });
}

function parseFormat(raw: string): WebhookFormat {
  if (!(WEBHOOK_FORMATS as readonly string[]).includes(raw)) throw new UserError(`--format must be one of ${WEBHOOK_FORMATS.join(', ')} (got "${raw}")`);
  return raw as WebhookFormat;
}

/** `--events a,b` → the kinds; unknown names are an error naming the known ones. */
export function parseEvents(raw: string | undefined): NotificationKind[] {
  if (raw === undefined) return [...DEFAULT_NOTIFICATION_KINDS];
  const events = [...new Set(raw.split(',').map((e) => e.trim()).filter(Boolean))];
  const unknown = events.filter((e) => !(NOTIFICATION_KINDS as readonly string[]).includes(e));
  if (events.length === 0 || unknown.length > 0) {
    throw new UserError(`--events takes a comma-separated subset of ${NOTIFICATION_KINDS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  return events as NotificationKind[];
}

/** The signing secret: `--secret-file`, else NOTIFICATION_WEBHOOK_SECRET, else a prompt on a terminal. */
export async function resolveWebhookSecret(secretFile: string | undefined, environment: NodeJS.ProcessEnv, ports: Pick<NotificationsCommandPorts, 'prompt' | 'readText'>): Promise<string> {
  let secret: string | undefined;
  if (secretFile) {
    try {
      secret = ports.readText(secretFile).split(/\r?\n/)[0]?.trim();
    } catch (error) {
      throw new UserError(`--secret-file ${secretFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
    }
    if (!secret) throw new UserError(`--secret-file ${secretFile} is empty; put the signing secret on its first line`);
  }
  secret ||= environment[WEBHOOK_SECRET_ENV]?.trim();
  if (!secret && ports.prompt) secret = (await ports.prompt('webhook signing secret')).trim();
  if (!secret) {
    throw new UserError(`the webhook signing secret is required: set ${WEBHOOK_SECRET_ENV} or pass --secret-file <file> ` +
      '(secrets are never accepted as flags); receivers verify X-RP-Signature with it');
  }
  if (secret.length < 16) throw new UserError('the webhook signing secret must be at least 16 characters (e.g. `openssl rand -hex 32`)');
  return secret;
}

/** Webhooks as a table. */
export function formatWebhooks(webhooks: WebhookSummary[]): string {
  if (webhooks.length === 0) return 'no webhooks';
  return formatTable(['ID', 'TENANT', 'HOST', 'FORMAT', 'EVENTS', 'ADDED'],
    webhooks.map((w) => [w.id, w.tenant, w.host, w.format, w.events.join(','), w.createdAt.toISOString()]));
}
