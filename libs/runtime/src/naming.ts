/**
 * Environment-level isolation on a shared broker and database: `TOPIC_PREFIX` is put before every topic and
 * consumer group, `DB_SCHEMA_PREFIX` before every PostgreSQL schema. Empty in production; unique per e2e test.
 */
export interface Naming {
  topicPrefix: string;
  schemaPrefix: string;
}

const TOPIC_PREFIX = /^[a-zA-Z0-9._-]*$/;
const SCHEMA_PREFIX = /^[a-z0-9_]*$/;

/** Reads and checks the prefixes; a bad one stops the service with a message naming the variable. */
export function namingFromEnv(env: NodeJS.ProcessEnv = process.env): Naming {
  const topicPrefix = env.TOPIC_PREFIX ?? '';
  const schemaPrefix = env.DB_SCHEMA_PREFIX ?? '';
  if (!TOPIC_PREFIX.test(topicPrefix)) {
    throw new Error(`TOPIC_PREFIX "${topicPrefix}" may hold only letters, digits, '.', '_' and '-'`);
  }
  if (!SCHEMA_PREFIX.test(schemaPrefix)) {
    throw new Error(`DB_SCHEMA_PREFIX "${schemaPrefix}" may hold only lower-case letters, digits and '_'`);
  }
  return { topicPrefix, schemaPrefix };
}

/** The topic name as deployed (`<prefix><name>`). */
export const topicName = (naming: Naming, name: string): string => `${naming.topicPrefix}${name}`;
/** The consumer group as deployed. */
export const groupName = (naming: Naming, group: string): string => `${naming.topicPrefix}${group}`;
/** The PostgreSQL schema as deployed. */
export const schemaName = (naming: Naming, schema: string): string => `${naming.schemaPrefix}${schema}`;
