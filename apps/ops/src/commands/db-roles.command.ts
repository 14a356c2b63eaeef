import { Command } from 'commander';
import { adminStore, applyServiceRoles, SERVICE_ROLE_ACCESS, serviceRoleName } from '@rp/persistence';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';

/** `DB_ROLE_PASSWORD_EVENTS_GATEWAY` for `events-gateway`. */
const passwordVariable = (service: string) => `DB_ROLE_PASSWORD_${service.replace(/-/g, '_').toUpperCase()}`;

/** `ops db roles`: one PostgreSQL role per service, owning its schema, reading only what it needs of `admin`. */
export function registerDbCommands(program: Command, ctx: OpsContext): void {
  const db = program.command('db').description('the database: per-service roles (least privilege)');
  db.command('roles')
    .description('create or update the role of each service whose password is set (after `ops migrate`, as the ' +
      'migration user, which needs CREATEROLE): it owns its schema and reads, in admin, the tenants (the gateway: ' +
      `only the tenant directory). Passwords: ${SERVICE_ROLE_ACCESS.map((a) => passwordVariable(a.service)).join(', ')}; ` +
      'then give each Deployment a DATABASE_URL with its role')
    .action(async () => {
      const passwords = Object.fromEntries(SERVICE_ROLE_ACCESS.map((a) => [a.service, ctx.env[passwordVariable(a.service)] ?? '']));
      if (!Object.values(passwords).some(Boolean)) {
        throw new UserError(`no role password is set; set at least one of ${SERVICE_ROLE_ACCESS.map((a) => passwordVariable(a.service)).join(', ')}`);
      }
      const ds = await ctx.dataSource(adminStore); // migrated: the admin objects the roles read exist
      const roles = await applyServiceRoles(ds, ctx.naming.schemaPrefix, passwords);
      const skipped = SERVICE_ROLE_ACCESS.filter((a) => !passwords[a.service]).map((a) => serviceRoleName(ctx.naming.schemaPrefix, a.service));
      ctx.logger.info('service roles applied', { roles, skipped });
      ctx.out({ roles, skipped }, () => [
        ...roles.map((r) => `${r}: owns its schema; created or updated`),
        ...skipped.map((r) => `${r}: skipped (no password set)`),
      ].join('\n'));
    });
}
