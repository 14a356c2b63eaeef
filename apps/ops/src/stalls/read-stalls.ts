import { headerText, PoisonRecordError, StallReport, Topics } from '@rp/messaging';
import { readTopicsToEnd } from '../kafka/topic-reader';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';

/**
 * Every stall report on `pipeline.stalls` (7 days), optionally for one tenant. A deployment that predates the topic
 * (not migrated yet) has no reports: a warning, not a failure of the command that only adds them.
 */
export async function readStallReports(ctx: OpsContext, filter: { tenant?: string } = {}): Promise<StallReport[]> {
  let records;
  try {
    records = await readTopicsToEnd(ctx.kafka(), [ctx.topic(Topics.stalls)], {
      groupId: ctx.group(`ops.stalls.${process.pid}.${Date.now()}`),
      filter: (r) => !filter.tenant || headerText(r.headers, 'tenant') === filter.tenant,
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    ctx.logger.warn(`stalls are not shown: ${error.message}`);
    return [];
  }
  const reports: StallReport[] = [];
  for (const r of records) {
    if (!r.value) continue;
    try {
      reports.push(await ctx.serde().decode<StallReport>(r.value));
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      ctx.logger.warn(`skipped an undecodable pipeline.stalls record at ${r.partition}/${r.offset}`, { err: error });
    }
  }
  return reports;
}
