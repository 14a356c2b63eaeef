import { headerText, PoisonRecordError, SyncRunEvent, Topics } from '@rp/messaging';
import { UserError } from '../ops-errors';
import { readTopicsToEnd } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';

/** Every sync.runs event currently on the topic, optionally for one tenant; undecodable records are logged and skipped. */
export async function readSyncRunEvents(ctx: OpsContext, filter: { tenant?: string } = {}): Promise<SyncRunEvent[]> {
  const records = await readTopicsToEnd(ctx.kafka(), [ctx.topic(Topics.syncRuns)], {
    groupId: ctx.group(`ops.runs.${process.pid}.${Date.now()}`),
    filter: (r) => !filter.tenant || headerText(r.headers, 'tenant') === filter.tenant || r.key?.toString().startsWith(`${filter.tenant}|`) === true,
  });
  const events: SyncRunEvent[] = [];
  const undecodable: { offset: string; error: unknown }[] = [];
  for (const r of records) {
    if (!r.value) continue;
    try {
      const event = await ctx.serde().decode<SyncRunEvent>(r.value);
      if (!filter.tenant || event.tenant === filter.tenant) events.push(event);
    } catch (error) {
      // the registry being down is not a bad record: say so instead of reporting "no runs"
      if (!(error instanceof PoisonRecordError)) throw error;
      undecodable.push({ offset: `${r.partition}/${r.offset}`, error });
    }
  }
  if (undecodable.length > 0 && events.length === 0) {
    throw new UserError(`none of the ${undecodable.length} sync.runs records could be decoded with the schema registry at ` +
      `${ctx.env.SCHEMA_REGISTRY_URL} (first, at ${undecodable[0].offset}: ${(undecodable[0].error as Error).message}); ` +
      'check that SCHEMA_REGISTRY_URL is the registry the services use');
  }
  if (undecodable.length > 0) {
    ctx.logger.warn(`skipped ${undecodable.length} undecodable sync.runs records`, { first: undecodable[0].offset, err: undecodable[0].error });
  }
  return events;
}
