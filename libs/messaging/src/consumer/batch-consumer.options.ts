import type { Kafka } from 'kafkajs';
import type { Logger } from '@rp/observability';
import type { BackoffPolicy } from './backoff';
import type { BatchHandler, ConsumedRecord, ValueDecoder } from './consumed-record';
import type { DeadLetterSink } from './dead-letter';

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  decoder: ValueDecoder;
  deadLetters: DeadLetterSink;
  handler: BatchHandler<T>;
  /**
   * Called once a decoded record was dead-lettered (to record what became of it where operators look); a failure
   * here is logged, never retried: the record is already in the DLQ.
   */
  onDeadLettered?: (record: ConsumedRecord<T>, error: unknown) => Promise<void>;
  logger?: Logger;
  /** `stage` label of the consumer's metrics (the app's SERVICE_NAME; default: the group id). */
  stage?: string;
  /** Where a new group starts (default: the beginning, so nothing produced before the first deploy is missed). */
  fromBeginning?: boolean;
  /** Largest slice of one ordering key's records handed to one handler call (default 500). */
  maxRecordsPerCall?: number;
  /**
   * The unit of order and isolation (default: the record's tenant). Records with the same key are handled one slice
   * at a time in log order; different keys independently, so one key waiting for a dependency holds no other.
   * Return a finer key (e.g. tenant + class) to run more in parallel when order matters only within it.
   */
  orderingKeyOf?: (record: ConsumedRecord<T>) => string;
  /** Handler calls running at once across ordering keys and partitions (default 4). */
  keyConcurrency?: number;
  /** Records of one partition held in memory, dispatched but not finished, before its fetching pauses (default 10 × maxRecordsPerCall). */
  maxBufferedRecords?: number;
  backoff?: Partial<BackoffPolicy>;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => Date;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  /** Longest wait of one fetch for records, and the sleep while every partition is paused (default 500 ms). */
  maxWaitTimeInMs?: number;
  partitionsConsumedConcurrently?: number;
}
