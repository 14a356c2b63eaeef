import type { ImportSpeed } from '../options';
import type { RootAccountState } from '../state/root-account-state';
import { forgetImportContent } from './import-record';
import { runImport, transition } from './runner';

/**
 * One import at a time per root account (Canvas's singleton job `sis_batch:account:<id>`):
 * later imports wait in `created` until the running one ends.
 */
export class ImportQueue {
  private running: Promise<void> | null = null;

  constructor(
    private readonly state: RootAccountState,
    private readonly speed: () => ImportSpeed,
    private readonly now: () => number,
    private readonly retainContent = true,
  ) {}

  /** Starts the worker if it is idle; safe to call any time. */
  kick(): void {
    if (!this.running) this.running = this.work().finally(() => (this.running = null));
  }

  /** Resolves when no import is running or waiting (held imports excepted). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async work(): Promise<void> {
    for (;;) {
      if (this.state.faults.holdImports) return;
      const next = [...this.state.imports.values()].find((i) => i.workflowState === 'created');
      if (!next) return;
      try {
        await runImport(this.state, next, this.speed(), this.now);
      } catch (err) {
        // an unexpected crash fails the batch with Canvas's error-report message instead of wedging the queue
        next.messages.push({ file: '', row: null, failure: true, message: `Error while importing CSV. Please contact support. (Error report ${String(err)})` });
        next.endedAt = this.now();
        transition(this.state, next, 'failed_with_messages', this.now());
      }
      if (!this.retainContent) forgetImportContent(next);
    }
  }
}
