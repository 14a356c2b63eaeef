import { causeChain } from './kafka/broker-errors';

/** The dependency a retriable failure waits for: the `cause` label of `rp_stalled_seconds` (a small, fixed set). */
export type FailureCause = 'kafka' | 'schema-registry' | 'database' | 'canvas' | 'ic' | 'network' | 'other';

const CAUSES: readonly FailureCause[] = ['kafka', 'schema-registry', 'database', 'canvas', 'ic', 'network', 'other'];

/** SQLSTATE classes of a database that is away or refusing connections (08 connection, 57P0x shutdown, 53 resources). */
const DATABASE_CODE = /^(08...|57P0[1-4]|53...)$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * True when this error (one link of a cause chain) says a dependency is away rather than that the work is wrong:
 * PostgreSQL's connection and shutdown SQLSTATEs or its client's lost connection, or a plain network failure.
 */
export function isUnavailableDependency(e: { code?: unknown; message?: unknown }): boolean {
  if (typeof e.code === 'string' && (DATABASE_CODE.test(e.code) || NETWORK_CODES.has(e.code))) return true;
  return /Connection terminated|database system is (starting up|shutting down|in recovery)/i.test(String(e.message ?? ''));
}

/**
 * Names the dependency a failure is waiting for, from the error and its causes (outermost decides): an explicit
 * `dependency` field, then the error classes of kafkajs, the Canvas and OneRoster libraries, PostgreSQL's SQLSTATE,
 * the schema registry's messages, and plain network errors.
 */
export function failureCauseOf(error: unknown): FailureCause {
  for (const e of causeChain(error)) {
    const named = (e as { dependency?: unknown }).dependency;
    if (typeof named === 'string' && (CAUSES as readonly string[]).includes(named)) return named as FailureCause;
    const name = typeof e.name === 'string' ? e.name : '';
    const message = String((e as { message?: unknown }).message ?? '');
    if (name.startsWith('KafkaJS')) return 'kafka';
    if (name.startsWith('Canvas')) return 'canvas';
    if (name.startsWith('OneRoster') || name === 'IncompletePageError') return 'ic';
    if (/schema registry/i.test(message)) return 'schema-registry';
    if (name === 'QueryFailedError' || (typeof e.code === 'string' && DATABASE_CODE.test(e.code)) || /Connection terminated|database system is/i.test(message)) return 'database';
  }
  return causeChain(error).some((e) => typeof e.code === 'string' && NETWORK_CODES.has(e.code)) ? 'network' : 'other';
}
