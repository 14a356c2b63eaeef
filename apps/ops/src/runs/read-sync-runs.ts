import { headerText, SyncRunEvent, Topics } from '@rp/messaging';
import { readTopicsToEnd } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';

/** Every sync.runs event currently on the topic, optionally for one tenant; undecodable records are logged and skipped. */
export async function readSyncRunEvents(ctx: OpsContext, filter: { tenant?: string } = {}): Promise<SyncRunEvent[]> {
  const records = await readTopicsToEnd(ctx.kafka(), [ctx.topic(Topics.syncRuns)], {
    groupId: ctx.group(`ops.runs.${process.pid}.${Date.now()}`),
    filter: (r) => !filter.tenant || headerText(r.headers, 'tenant') === filter.tenant || r.key?.toString().startsWith(`${filter.tenant}|`) === true,
  });
  const events: SyncRunEvent[] = [];
  for (const r of records) {
    if (!r.value) continue;
    try {
      const event = await ctx.serde().decode<SyncRunEvent>(r.value);
      if (!filter.tenant || event.tenant === filter.tenant) events.push(event);
    } catch (error) {
      ctx.logger.warn('skipping an undecodable sync.runs record', { partition: r.partition, offset: r.offset, err: error });
    }
  }
  return events;
}
