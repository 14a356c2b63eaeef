import { StageCompletionWatcher, type ServiceRuntime } from '@rp/runtime';
import { RunCompletionTracker } from './domain/run-completion.tracker';

/**
 * The transformer's `finished` marker on `sync.runs`: due once an extractor run's records are all projected (see
 * `RunCompletionTracker`), with the tenant's parked counts (`parked`, `parked.blocked`, `parked.stale`).
 */
export function transformerCompletionWatcher(
  runtime: ServiceRuntime,
  groupId: string,
  inputTopics: string[],
  tracker: RunCompletionTracker,
  parkedCounts: (tenant: string) => Promise<Record<string, number>>,
): StageCompletionWatcher {
  return new StageCompletionWatcher(runtime, groupId, inputTopics, {
    upstreamStage: 'extractor',
    awaitRun: (marker, targets) => void tracker.awaitRun(marker, targets),
    hasPending: () => tracker.hasPending(),
    due: async (offsetOf, now) => {
      const events = tracker.completed(offsetOf, now);
      for (const event of events) Object.assign(event.counts, await parkedCounts(event.tenant));
      return events;
    },
    finishedMessage: () => 'sync run transformed',
  });
}
