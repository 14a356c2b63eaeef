import { Command } from 'commander';
import { commonEnv } from '@rp/config';
import { adminStore, NotificationWebhookRepository, SecretRotation } from '@rp/persistence';
import type { OpsContext } from '../ops-context';

/** `ops secrets rotate`: re-seal every tenant's secrets with the newest key of SECRETS_KEYS. */
export function registerSecretsCommands(program: Command, ctx: OpsContext): void {
  const secrets = program.command('secrets').description("the tenants' stored secrets (encrypted with SECRETS_KEYS)");
  secrets
    .command('rotate')
    .description('re-encrypt every tenant secret not sealed with the newest key of SECRETS_KEYS (newest first); ' +
      'afterwards the older keys can be removed from SECRETS_KEYS')
    .action(async () => {
      const rotations = await (await ctx.tenants()).rotateSecrets();
      const resealed = rotations.reduce((n, r) => n + r.resealed.length, 0);
      // notification webhooks (URL and signing secret) are sealed with the same keyring
      const { secretsKey } = ctx.config({ secretsKey: commonEnv.secretsKey });
      const webhooks = await new NotificationWebhookRepository(await ctx.dataSource(adminStore), secretsKey).rotateSecrets();
      ctx.logger.info('tenant secrets rotated', { tenants: rotations.length, resealed, webhooks: webhooks.length });
      ctx.out({ tenants: rotations, resealed, webhooks }, () => formatRotation(rotations, webhooks.length));
    });
}

function formatRotation(rotations: SecretRotation[], webhooks = 0): string {
  if (rotations.length === 0) return 'No tenants: nothing to re-encrypt.';
  const keyId = rotations[0].keyId;
  const lines = rotations.map((r) =>
    `${r.tenant}: ${r.resealed.length === 0 ? 'already sealed with the newest key' : `re-encrypted ${r.resealed.join(', ')}`}`);
  if (webhooks > 0) lines.push(`re-encrypted ${webhooks} notification webhook(s) (URL and signing secret)`);
  lines.push(`Every tenant secret is now sealed with key ${keyId}; older keys can be removed from SECRETS_KEYS.`);
  return lines.join('\n');
}
