/** What a service's own PostgreSQL role may touch: its schema (owned) and, in `admin`, one table or view (read). */
export interface ServiceRoleAccess {
  /** The service as named in `serviceStores` and in `ops db roles`. */
  service: string;
  /** Its store's schema, which the role owns (without DB_SCHEMA_PREFIX). */
  schema: string;
  /** What it reads in the admin schema: the tenants with their encrypted secrets, or the directory without them. */
  admin: AdminObject | readonly AdminObject[];
}

type AdminObject = 'tenants' | 'tenant_directory' | 'notification_webhooks' | 'notifier_tenants';

/**
 * Least privilege, one row per service: each owns its schema and reads nothing of another service; only the services
 * that call IC or Canvas read the tenants' (encrypted) secrets; the internet-facing gateway reads the directory view.
 */
export const SERVICE_ROLE_ACCESS: readonly ServiceRoleAccess[] = [
  { service: 'extractor', schema: 'extractor', admin: 'tenants' },
  { service: 'transformer', schema: 'transformer', admin: 'tenants' },
  { service: 'loader', schema: 'loader', admin: 'tenants' },
  { service: 'gradebook', schema: 'gradebook', admin: 'tenants' },
  { service: 'events-gateway', schema: 'events_gateway', admin: 'tenant_directory' },
  // the notifier reads only the webhooks (URL and secret sealed) and the tenants' view without secrets (zone, expiry dates)
  { service: 'notifier', schema: 'notifier', admin: ['notification_webhooks', 'notifier_tenants'] },
];

/** The role of a service (`rp_loader`, with DB_SCHEMA_PREFIX in front in isolated environments). */
export function serviceRoleName(schemaPrefix: string, service: string): string {
  return `${schemaPrefix}rp_${service.replace(/-/g, '_')}`;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The statements that create (or update) a service's role and hand it its schema, run by the migration user after
 * the migrations: the role owns its schema and every object in it (so the service can migrate it itself), reads one
 * object of `admin` (and admin's migration log, so its start-up migration check passes), and nothing else.
 */
export function serviceRoleStatements(schemaPrefix: string, access: ServiceRoleAccess, password: string): string[] {
  const role = ident(serviceRoleName(schemaPrefix, access.service));
  const schema = ident(`${schemaPrefix}${access.schema}`);
  const admin = ident(`${schemaPrefix}admin`);
  const roleName = literal(serviceRoleName(schemaPrefix, access.service));
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${roleName}) THEN CREATE ROLE ${role}; END IF; END $$`,
    `ALTER ROLE ${role} LOGIN NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${literal(password)}`,
    // the migration user must be able to act as the role to give it ownership (and to drop it later)
    `GRANT ${role} TO CURRENT_USER`,
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `ALTER SCHEMA ${schema} OWNER TO ${role}`,
    // tables and views; their serial sequences follow their table
    `DO $$ DECLARE o record; BEGIN
      FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${literal(`${schemaPrefix}${access.schema}`)} AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
          CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
          ${literal(`${schemaPrefix}${access.schema}`)}, o.relname, ${roleName});
      END LOOP; END $$`,
    `REVOKE ALL ON SCHEMA ${admin} FROM ${role}`,
    `GRANT USAGE ON SCHEMA ${admin} TO ${role}`,
    ...[access.admin].flat().map((object) => `GRANT SELECT ON ${admin}.${ident(object)} TO ${role}`),
    `GRANT SELECT ON ${admin}.migrations TO ${role}`,
  ];
}

/** Anything that runs SQL (a pg Client, a TypeORM DataSource). */
export interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/** Creates or updates the role of each service given a password; returns the role names, in table order. */
export async function applyServiceRoles(sql: SqlRunner, schemaPrefix: string, passwords: Record<string, string>): Promise<string[]> {
  const applied: string[] = [];
  for (const access of SERVICE_ROLE_ACCESS) {
    const password = passwords[access.service];
    if (!password) continue;
    for (const statement of serviceRoleStatements(schemaPrefix, access, password)) await sql.query(statement);
    applied.push(serviceRoleName(schemaPrefix, access.service));
  }
  return applied;
}
