import { allDlqTopics, readDeadLetters } from '../commands/dlq.command';
import { deadLetterView } from '../dlq/dead-letter-view';
import type { OpsContext } from '../ops-context';
import type { DeadLetterFact, DeadLetterReader } from './why.ports';

/** The tenant's dead letters whose record key names one of the ids (keys are `tenant|…|id`), from every *.dlq topic. */
export class KafkaDeadLetterReader implements DeadLetterReader {
  constructor(private readonly ctx: OpsContext) {}

  async deadLetters(tenant: string, ids: readonly string[]): Promise<DeadLetterFact[]> {
    const topics = await allDlqTopics(this.ctx);
    if (topics.length === 0) return [];
    const wanted = new Set(ids);
    const records = await readDeadLetters(this.ctx, topics, { tenant });
    return records
      .map((r) => deadLetterView(r, (t) => this.ctx.logicalTopic(t)))
      .filter((v) => v.key?.split('|').slice(1).some((part) => wanted.has(part)))
      .map((v) => ({ topic: v.dlqTopic, at: `${v.partition}:${v.offset}`, key: v.key, error: v.error, failedAt: v.failedAt }));
  }
}
