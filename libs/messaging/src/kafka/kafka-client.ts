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
 * A kafkajs client whose logs go through our logger: kafkajs ERRORs become warnings (the client retries them
 * itself, e.g. "group coordinator not available" right after a broker starts; real failures surface as thrown
 * errors), INFO becomes debug.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const { logger } = options;
  const logCreator = () => ({ namespace, level, log }: LogEntry) => {
    if (!logger) return;
    const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
    const fields = { component: `kafkajs.${namespace}`, ...extra };
    if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(message, fields);
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
