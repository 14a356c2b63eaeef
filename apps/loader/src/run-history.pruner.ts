import type { Logger } from '@rp/observability';
import type { RunHistoryRepository } from '@rp/persistence';

/**
 * The run-history retention job: at start and then every `intervalMs`, deletes the runs whose last activity is older
 * than the retention. Replicas may prune at once; the deletes are idempotent. A failed prune is logged and tried
 * again at the next interval (history growing a little longer never harms the pipeline).
 */
export class RunHistoryPruner {
  private timer?: NodeJS.Timeout;
  private pruning?: Promise<void>;

  constructor(
    private readonly history: Pick<RunHistoryRepository, 'prune'>,
    private readonly options: { retentionDays: number; intervalMs: number; clock: () => Date; logger: Logger },
  ) {}

  start(): void {
    void this.pruneNow();
    this.timer = setInterval(() => void this.pruneNow(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pruning;
  }

  /** One pruning pass (resolves once done; never rejects). */
  pruneNow(): Promise<void> {
    this.pruning ??= this.history.prune(this.options.clock(), this.options.retentionDays)
      .then((runs) => {
        if (runs > 0) this.options.logger.info(`run history: deleted ${runs} run(s) older than ${this.options.retentionDays} days (RUN_HISTORY_RETENTION_DAYS)`, { runs });
      })
      .catch((error) => this.options.logger.warn('run history: pruning failed; trying again at the next interval', { err: error }))
      .finally(() => (this.pruning = undefined));
    return this.pruning;
  }
}
