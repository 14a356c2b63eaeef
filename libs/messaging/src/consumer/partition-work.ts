import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from '@rp/observability';
import type { ConsumedRecord } from './consumed-record';
import { OffsetLedger } from './offset-ledger';

/**
 * One assigned partition's records in flight: a queue per ordering key, the ledger of finished offsets, the commit
 * of the finished prefix, and the pause that bounds memory. Dropped (revoked) on every rebalance: the new assignment
 * starts again from the committed offset, so work a revoked partition had not committed is redone, never skipped.
 */
export class PartitionWork<T> {
  readonly ledger = new OffsetLedger();
  readonly queues = new Map<string, ConsumedRecord<T>[]>();
  /** Ordering keys with a drain running (at most one per key: that keeps each key's order). */
  readonly draining = new Map<string, Promise<void>>();
  revoked = false;
  private committed = -1n;
  private committing?: Promise<void>;
  private commitAgain = false;
  private resume?: () => void;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The latest fetch of this partition: its heartbeat, commit and pause act on the current group generation. */
    public payload: EachBatchPayload,
    private readonly hooks: { logger?: Logger; retryDelayMs: number; sleep: (ms: number) => Promise<void>; committed: (next: bigint) => void; stopping: () => boolean },
  ) {}

  /** Adds a record to its key's queue (log order is kept per key). */
  enqueue(key: string, record: ConsumedRecord<T>): void {
    this.ledger.dispatch(BigInt(record.offset));
    const queue = this.queues.get(key);
    if (queue) queue.push(record);
    else this.queues.set(key, [record]);
  }

  /** Pauses fetching this partition while too much of it waits in memory (a stalled key's records pile up). */
  pauseIfFull(maxBuffered: number): void {
    if (!this.resume && this.ledger.outstanding() >= maxBuffered) this.resume = this.payload.pause();
  }

  /** Marks records finished; commits the finished prefix and resumes fetching once the backlog halved. */
  finish(offsets: string[], maxBuffered: number): void {
    let moved = false;
    for (const o of offsets) moved = this.ledger.finish(BigInt(o)) || moved;
    if (this.resume && this.ledger.outstanding() < maxBuffered / 2) this.resumeFetching();
    if (moved) void this.commit();
  }

  resumeFetching(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }

  /** Everything in flight for this partition (the drains and the commit), settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.draining.values()]);
    await this.committing;
  }

  /**
   * Commits one past the finished prefix. Calls made while a commit is under way coalesce into one more; a failed
   * commit (coordinator moved, broker restarting) is tried again until it passes or the partition is revoked.
   */
  commit(): Promise<void> {
    if (this.committing) {
      this.commitAgain = true;
      return this.committing;
    }
    this.committing = this.commitLoop().finally(() => (this.committing = undefined));
    return this.committing;
  }

  private async commitLoop(): Promise<void> {
    do {
      this.commitAgain = false;
      const next = this.ledger.committable();
      if (next === undefined || next <= this.committed || this.revoked) continue;
      try {
        await this.payload.commitOffsetsIfNecessary({ topics: [{ topic: this.topic, partitions: [{ partition: this.partition, offset: next.toString() }] }] });
        this.committed = next;
        this.hooks.committed(next);
      } catch (error) {
        this.hooks.logger?.warn('commit failed; trying again', { topic: this.topic, partition: this.partition, offset: String(next), err: error });
        if (this.hooks.stopping()) return;
        await this.hooks.sleep(this.hooks.retryDelayMs);
        this.commitAgain = true;
      }
    } while (this.commitAgain && !this.revoked);
  }
}
