import { Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import type { Logger } from '@rp/observability';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs logs go through our JSON logger; without one they are dropped. */
  logger?: Logger;
  /** Extra kafkajs settings (ssl, sasl, retry, timeouts). */
  overrides?: Partial<KafkaConfig>;
}

/**
 * kafkajs warnings that describe a choice this platform made on purpose, each with why (ADR 0011); they are logged at
 * debug so a normal start prints no warning.
 */
export const EXPECTED_KAFKAJS_WARNINGS: ReadonlyMap<string, string> = new Map([
  [
    'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    'retries are bounded so a send fails into the caller\'s own wait-and-retry (ADR 0050) instead of hanging; ' +
      'a re-sent record is a duplicate every consumer applies idempotently (same key and version)',
  ],
]);

/**
 * The broker's retriable protocol errors (not the leader, coordinator loading, rebalancing…), by kafkajs's own table.
 * kafkajs logs each such response as an ERROR and then retries it itself — routine right after a topic is created or a
 * broker restarts; if its retries run out it throws, and that error is classified and logged by our code.
 */
const RETRIABLE_BROKER_ANSWERS: ReadonlySet<string> = new Set(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs ships no types for its error table
  (require('kafkajs/src/protocol/error') as { errorCodes: { message: string; retriable: boolean }[] }).errorCodes
    .filter((code) => code.retriable)
    .map((code) => code.message),
);

/**
 * Also routine: apps starting together create the same topics, and the broker answers the later ones "already exists"
 * ("Topic creation errors"); kafkajs treats that as success, and any other creation failure is thrown to ensureTopics,
 * which fails the start with its reason.
 */
const isRoutine = (namespace: string, message: string, extra: Record<string, unknown>): boolean =>
  namespace === 'Connection' &&
  typeof extra.error === 'string' &&
  (RETRIABLE_BROKER_ANSWERS.has(extra.error) || (message.startsWith('Response CreateTopics') && extra.error === 'Topic creation errors'));

/**
 * A kafkajs client whose logs go through our logger: kafkajs ERRORs become warnings (the client retries them
 * itself, e.g. "group coordinator not available" right after a broker starts; real failures surface as thrown
 * errors), INFO becomes debug.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const { logger } = options;
  const logCreator = () => ({ namespace, level, log }: LogEntry) => {
    if (!logger) return;
    const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
    const fields = { component: namespace ? `kafkajs.${namespace}` : 'kafkajs', ...extra };
    if (EXPECTED_KAFKAJS_WARNINGS.has(message)) logger.debug(message, { ...fields, expected: EXPECTED_KAFKAJS_WARNINGS.get(message) });
    else if (isRoutine(namespace, message, extra)) logger.debug(message, { ...fields, retriedByKafkajs: true });
    else if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(message, fields);
    else logger.debug(message, fields);
  };
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logger?.isEnabled('debug') ? logLevel.INFO : logLevel.WARN,
    logCreator,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8 },
    ...options.overrides,
  });
}
