import { StageCompletionWatcher, type ServiceRuntime } from '@rp/runtime';
import type { SyncRunEvent } from '@rp/messaging';
import { RunLoadTracker } from './domain/run-load.tracker';
import type { RunProgress } from './run-progress.queries';

/**
 * The loader's `finished` marker on `sync.runs`: due once everything the transformer published for a run has been
 * imported into Canvas, failed, held or left waiting (see `RunLoadTracker`); `progressOf` says where the run's rows
 * stand (rows of the tenant received by `receivedBy` count as the run's, `RunProgressQueries`).
 */
export function loaderCompletionWatcher(
  runtime: ServiceRuntime,
  groupId: string,
  inputTopics: string[],
  tracker: RunLoadTracker,
  progressOf: (tenant: string, runId: string, receivedBy: Date) => Promise<RunProgress>,
): StageCompletionWatcher {
  return new StageCompletionWatcher(runtime, groupId, inputTopics, {
    upstreamStage: 'transformer',
    awaitRun: (marker, targets) => void tracker.awaitRun(marker, targets),
    hasPending: () => tracker.hasPending(),
    due: async (offsetOf, now) => {
      const due: SyncRunEvent[] = [];
      for (const transformed of tracker.received(offsetOf, now)) {
        const progress = await progressOf(transformed.tenant, transformed.runId, transformed.receivedBy);
        if (progress.done) due.push(tracker.finish(transformed, new Date(), progress));
      }
      return due;
    },
    finishedMessage: (event) => `tenant ${event.tenant}: sync run ${event.runId} loaded into Canvas`,
  });
}
