import { newDeliveryUrlSecret } from '@rp/canvas';
import { Command } from 'commander';
import { ExtractorRepository, extractorStore, type TenantStatus, type TenantSummary } from '@rp/persistence';
import { terminalSecretPrompt } from '../cli/secret-prompt';
import { confirmDestruction } from '../erase/confirmation';
import { formatErasureReport, type ErasureReport } from '../erase/erasure-report';
import { purgeTenantFromTables } from '../erase/table-eraser';
import { eraseFromTopics } from '../erase/topic-eraser';
import { DEFAULT_ERASE_WAIT_SECONDS, parseWaitSeconds } from './erase.command';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { formatTenant, formatTenantList, tenantJson } from '../tenants/tenant-format';
import { providerWarnings } from '../tenants/provider-warnings';
import { readCanvasRootAccount } from '../tenants/canvas-account-identity';
import { formatCheckReport } from '../tenants/check/check-result';
import { checkTenant } from '../tenants/check/tenant-check';
import { newTenantFromFlags, TenantFlags, tenantPatchFromFlags } from '../tenants/tenant-options';
import { pausePatch, resumePatch } from '../tenants/schedule-status';
import { resolveTenantSecrets, SecretName } from '../tenants/tenant-secrets';

const SECRETS_HELP =
  'Secrets are never flags (shell history): they come from --secrets-file <file.json> ' +
  '({"icClientSecret","canvasToken","icVendorAuthorization"}), then from IC_CLIENT_SECRET, CANVAS_TOKEN and ' +
  'IC_VENDOR_AUTHORIZATION, then from a prompt when run in a terminal.';

function settingsFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'display name of the district')
    .option('--ic-base-url <url>', 'IC OneRoster rostering base URL (…/ims/oneroster/rostering/v1p2)')
    .option('--ic-token-url <url>', 'IC OAuth2 token URL')
    .option('--ic-client-id <id>', 'IC OAuth2 client id')
    .option('--ic-app-name <name>', "IC's appName on the token URL")
    .option('--ic-gradebook-url <url>', 'IC gradebook base URL (derived from the rostering URL when absent)')
    .option('--ic-provider <json|@file>', 'OneRoster provider: {clientAuth: client_secret_basic|client_secret_post, scopes: [...], countDropHoldPercent: 20}')
    .option('--canvas-base-url <url>', 'Canvas instance URL')
    .option('--canvas-root-account <id>', 'Canvas root account id')
    .option('--canvas-root-account-uuid <uuid>', "the root account's uuid (GET /api/v1/accounts/self): identifies the Canvas instance for Live Events; read from Canvas with the token when absent, refused when Canvas says otherwise")
    .option('--canvas-jwks-url <url>', 'JWKS URL that signs Canvas Live Events')
    .option('--canvas-live-events-max-age <seconds>', 'refuse Live Events issued longer ago than this (default 10800, 3 hours)')
    .option('--canvas-live-events-issuer <iss>', 'expected iss claim of the Live Events JWTs (checked when set)')
    .option('--canvas-live-events-audience <aud>', 'expected aud claim of the Live Events JWTs (checked when set)')
    .option('--mapping <json|@file>', 'mapping settings (terms, courses, users, observers, enrollments)')
    .option('--thresholds <json|@file>', 'deletion/drop safety thresholds')
    .option('--passback <json|@file>', 'grade passback settings')
    .option('--schedule <json|@file>', '{deltaIntervalSeconds, fullIntervalSeconds, deltaOverlapSeconds, timeZone, fullAt: ["Sun 02:00"], ' +
      'deltaAt: ["Mon-Fri 06:30"], blackouts: [{from, to, mode: holdDestructive|noRuns, reason}], peakHours: {from, to, days}}')
    .option('--notifications <json|@file>', '{refusalWindowMinutes: 15, refusalMinWrites: 20, refusalMaxPercent: 20, credentialExpiryDays: [14]} (the notifier\'s thresholds)')
    .option('--ic-secret-expires <date>', 'when the IC client secret expires (2027-06-30): the notifier warns credentialExpiryDays before')
    .option('--canvas-token-expires <date>', 'when the Canvas token expires (`tenants check` reads it from Canvas when Canvas tells)')
    .option('--secrets-file <path>', 'JSON file with the secrets to store');
}

/**
 * The root account's uuid as Canvas serves it to the tenant's token; a `--canvas-root-account-uuid` that differs is
 * refused (it would attribute another instance's Live Events to this tenant).
 */
async function canvasAccountUuid(
  tenant: string,
  canvas: { baseUrl: string; rootAccountId: string; token: string; rootAccountUuid?: string },
): Promise<string> {
  const { uuid } = await readCanvasRootAccount(tenant, canvas);
  if (canvas.rootAccountUuid && canvas.rootAccountUuid !== uuid) {
    throw new UserError(`tenant ${tenant}: --canvas-root-account-uuid ${canvas.rootAccountUuid} is not the uuid Canvas at ` +
      `${canvas.baseUrl} serves for root account ${canvas.rootAccountId} (${uuid}); leave the flag out, ops reads it from Canvas`);
  }
  return uuid;
}

/**
 * Not run by add/update themselves: the check reads IC and Canvas for several seconds, and an IC outage must not
 * refuse a correct tenant — the operator runs it when ready.
 */
const CHECK_HINT = (id: string) => `Check its connections with \`ops tenants check ${id}\`.`;

/** `ops tenants add|list|show|update|disable|enable|delete`. */
export function registerTenantsCommands(program: Command, ctx: OpsContext): void {
  const tenants = program.command('tenants').description('districts: their IC and Canvas connections and settings');

  settingsFlags(tenants.command('add <id>').description('add a tenant (required: --name, --ic-*-url, --ic-client-id, --canvas-base-url, --canvas-root-account)'))
    .addHelpText('after', `\n${SECRETS_HELP}`)
    .action(async (id: string, flags: TenantFlags) => {
      const secrets = await resolveTenantSecrets({
        secretsFile: flags.secretsFile,
        useEnv: true,
        env: ctx.env,
        required: ['icClientSecret', 'canvasToken'],
        prompt: terminalSecretPrompt(),
      });
      const tenant = newTenantFromFlags(id, flags, secrets); // validated before the database is opened
      const repo = await ctx.tenants();
      await repo.assertNewId(id);
      tenant.canvas.rootAccountUuid = await canvasAccountUuid(id, tenant.canvas);
      const created = await repo.create(tenant);
      ctx.logger.info('tenant added', { tenant: id });
      ctx.out(tenantJson(created), () => `Added tenant ${id}.\n${formatTenant(created)}\n${CHECK_HINT(id)}`);
    });

  tenants
    .command('check <id>')
    .description("check a tenant's connections: an IC token, one page of each rostering collection, the gradebook with the " +
      "vendor key, the Canvas token's root account and SIS import permission, the Live Events JWKS; exit 1 when one failed")
    .action(async (id: string) => {
      const repo = await ctx.tenants();
      const connection = await repo.connection(id);
      const report = await checkTenant(connection);
      if (report.canvasExpiry && report.canvasExpiry !== connection.canvas.tokenExpiresAt) {
        await repo.update(id, { canvas: { tokenExpiresAt: report.canvasExpiry } }); // Canvas's own date wins over a typed one
      }
      ctx.logger.info('tenant checked', { tenant: id, canRun: report.canRun });
      ctx.out(report, formatCheckReport);
      if (!report.canRun) process.exitCode = 1;
    });

  tenants
    .command('list')
    .description('list tenants (secrets shown only as set/unset)')
    .action(async () => {
      const all = await (await ctx.tenants()).list();
      ctx.out(all.map(tenantJson), () => formatTenantList(all));
    });

  tenants
    .command('show <id>')
    .description("show a tenant's settings (secrets shown only as set/unset)")
    .action(async (id: string) => {
      const tenant = await (await ctx.tenants()).get(id);
      const warnings = await providerWarnings(id, new ExtractorRepository(await ctx.dataSource(extractorStore)));
      ctx.out({ ...tenantJson(tenant), warnings }, () => formatTenant(tenant, warnings));
    });

  settingsFlags(tenants.command('update <id>').description('change settings or secrets of a tenant (only the given ones change)'))
    .option('--secrets-from-env', 'also take secrets from IC_CLIENT_SECRET / CANVAS_TOKEN / IC_VENDOR_AUTHORIZATION')
    .addHelpText('after', '\nSecrets change only with --secrets-file or --secrets-from-env, so a variable left in the shell ' +
      'from another tenant is never stored by accident.')
    .action(async (id: string, flags: TenantFlags & { secretsFromEnv?: boolean }) => {
      const repo = await ctx.tenants();
      const current = await repo.get(id);
      const secrets = await resolveTenantSecrets({
        secretsFile: flags.secretsFile,
        useEnv: !!flags.secretsFromEnv,
        env: ctx.env,
        required: [],
      });
      const patch = tenantPatchFromFlags(current, flags, secrets);
      const canvas = patch.canvas;
      if (canvas && (canvas.baseUrl || canvas.rootAccountId || canvas.token || canvas.rootAccountUuid)) {
        // another instance, account, token or identity: read the account again, so the stored uuid is Canvas's own
        const stored = (await repo.connection(id)).canvas;
        canvas.rootAccountUuid = await canvasAccountUuid(id, { ...stored, ...canvas, rootAccountUuid: canvas.rootAccountUuid });
      }
      const updated = await repo.update(id, patch);
      const changedSecrets = (Object.keys(secrets) as SecretName[]).filter((name) => secrets[name]);
      ctx.logger.info('tenant updated', { tenant: id, changedSecrets });
      ctx.out(tenantJson(updated), () => `Updated tenant ${id}.\n${formatTenant(updated)}\n${CHECK_HINT(id)}`);
    });

  tenants
    .command('live-events-url <id>')
    .description('create or rotate the tenant\'s unsigned Live Events delivery URL (for a Canvas subscription with "Sign Payload" off)')
    .option('--gateway-url <url>', 'public URL of the events-gateway, to print the whole delivery URL', '<gateway>')
    .addHelpText('after', '\nThe secret in the URL is printed once and stored only as its SHA-256; running this again rotates it ' +
      '(the previous URL stops working within the gateway\'s tenant refresh). Paste the URL into the Canvas subscription.')
    .action(async (id: string, flags: { gatewayUrl: string }) => {
      const repo = await ctx.tenants();
      await repo.get(id);
      const { secret, sha256 } = newDeliveryUrlSecret();
      await repo.update(id, { canvas: { liveEventsUrlSecretSha256: sha256 } });
      ctx.logger.info('tenant live events delivery URL rotated', { tenant: id }); // never the secret
      const deliveryUrl = `${flags.gatewayUrl.replace(/\/+$/, '')}/live-events/${secret}`;
      ctx.out({ tenant: id, deliveryUrl }, () => `Tenant ${id}: unsigned Live Events delivery URL (shown once; keep it secret):\n${deliveryUrl}`);
    });

  const setStatus = (status: TenantStatus, verb: string, effect: string) => async (id: string) => {
    const repo = await ctx.tenants();
    const updated: TenantSummary = await repo.update(id, { status });
    ctx.logger.info(`tenant ${verb}`, { tenant: id });
    ctx.out(tenantJson(updated), () => `Tenant ${id} ${verb}: ${effect}.`);
  };
  tenants
    .command('disable <id>')
    .description('stop syncing and passing back grades for a tenant (settings are kept)')
    .action(setStatus('disabled', 'disabled', 'no scheduled syncs or passback; `ops tenants enable` resumes'));
  tenants
    .command('enable <id>')
    .description('resume a disabled tenant')
    .action(setStatus('active', 'enabled', 'scheduled syncs and passback resume'));

  tenants
    .command('pause <id>')
    .description("pause a tenant's scheduled syncs (and `ops sync`) with a reason shown by `tenants show`; what a run already " +
      'extracted still loads, grade passback goes on (to stop everything: `tenants disable`)')
    .requiredOption('--reason <text>', 'why; shown to whoever looks later')
    .option('--by <name>', 'who paused (recorded with the pause)', process.env.USER ?? 'ops')
    .action(async (id: string, opts: { reason: string; by: string }) => {
      const repo = await ctx.tenants();
      await repo.get(id);
      const updated = await repo.update(id, { schedule: pausePatch(id, opts.reason, opts.by, new Date()) });
      ctx.logger.info('tenant syncs paused', { tenant: id, reason: opts.reason });
      ctx.out(tenantJson(updated), () => `Tenant ${id}: scheduled syncs paused (${opts.reason.trim()}); resume with \`ops tenants resume ${id}\`.`);
    });
  tenants
    .command('resume <id>')
    .description("resume a paused tenant's scheduled syncs")
    .action(async (id: string) => {
      const repo = await ctx.tenants();
      const updated = await repo.update(id, { schedule: resumePatch(await repo.get(id)) });
      ctx.logger.info('tenant syncs resumed', { tenant: id });
      ctx.out(tenantJson(updated), () => `Tenant ${id}: scheduled syncs resume.`);
    });

  tenants
    .command('delete <id>')
    .description("purge a tenant: disable it, tombstone its keys and truncate its records on every topic, delete its rows " +
      'from every table and its settings and secrets (docs/security.md, Data retention)')
    .option('--yes', 'confirm without typing the tenant id')
    .option('--wait-seconds <n>', `how long to wait for the broker to compact the tenant's keys (default ${DEFAULT_ERASE_WAIT_SECONDS})`)
    .action(async (id: string, opts: { yes?: boolean; waitSeconds?: string }) => {
      const waitMs = parseWaitSeconds(opts.waitSeconds) * 1000;
      const repo = await ctx.tenants();
      await repo.get(id); // unknown tenant → exit 1 naming it
      await confirmDestruction(`Deleting tenant ${id} and all its data`, id, opts.yes);
      await repo.update(id, { status: 'disabled' }); // no new sync or passback while its data goes
      const topics = await eraseFromTopics(ctx, { tenant: id, terms: [] }, { waitMs });
      const tables = await purgeTenantFromTables(ctx, id);
      const report: ErasureReport = { tenant: id, tables, topics, complete: topics.every((t) => t.remaining === 0) };
      ctx.logger.info('tenant deleted', { tenant: id, complete: report.complete });
      ctx.out(report, formatErasureReport);
      if (!report.complete) process.exitCode = 2;
    });
}
