import type { Logger } from '@rp/observability';
import type { DeliveryLoop } from './delivery.loop';

/**
 * Runs the delivery loop until stopped: a full batch is followed at once by the next, otherwise it waits `pollMs`.
 * A failing tick (the database away) is logged and tried again after the wait; the outbox keeps everything due.
 */
export class DeliveryRunner {
  private stopped = false;
  private wake?: () => void;
  private running?: Promise<void>;

  constructor(private readonly loop: DeliveryLoop, private readonly options: { pollMs: number; batchSize: number; logger: Logger; housekeeping?: () => Promise<void> }) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Ends the current wait: new deliveries were stored and go out now rather than after the poll interval. */
  nudge(): void {
    this.wake?.();
  }

  /** Waits for the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        claimed = await this.loop.tick();
        await this.options.housekeeping?.();
      } catch (error) {
        this.options.logger.warn(`notification delivery failed; trying again in ${this.options.pollMs} ms`, { err: error });
      }
      if (claimed < this.options.batchSize) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.wake = done;
    });
  }
}
