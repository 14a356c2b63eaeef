import { type CanvasEntityChange, canvasTopic, type Kafka, readTopicSnapshot, type ValueDecoder } from '@rp/messaging';
import type { Logger } from '@rp/observability';
import type { RosterState } from './roster-state';

/** The provisioning kinds the roster keeps, in the order they are applied (a section names its course, an enrollment its section). */
const ROSTER_KINDS = ['course', 'section', 'enrollment'] as const;

export interface RosterRebuildPorts {
  kafka: Kafka;
  decoder: ValueDecoder;
  /** Deployed topic name of a platform topic (the runtime's prefix). */
  topic(name: string): string;
  /** Prefix of the throwaway consumer group (the processor's own group id). */
  groupPrefix: string;
  logger?: Logger;
}

/**
 * Rebuilds the kept SIS roster from the compacted `canvas.courses`, `canvas.sections` and `canvas.enrollments` topics
 * at start (ADR 0091): every record up to the end offsets seen when it starts, in log order per partition; an
 * enrollment naming only a section whose record was not read yet is applied once everything was read. The consumer
 * group then goes on live from its committed offsets (records it applies again come in log order, so the latest
 * wins). Resolves with the number of records applied.
 */
export async function rebuildRoster(roster: RosterState, ports: RosterRebuildPorts): Promise<number> {
  const started = Date.now();
  const topics = ROSTER_KINDS.map((kind) => ports.topic(canvasTopic(kind)));
  const deferred = new DeferredEnrollments(roster);
  let applied = 0;
  await readTopicSnapshot<CanvasEntityChange>({
    kafka: ports.kafka, topics, decoder: ports.decoder, groupPrefix: ports.groupPrefix,
    onRecords: (records) => {
      for (const r of records) if (r.value && deferred.applyOrDefer(r.value)) applied += 1;
    },
  });
  applied += deferred.flush();
  ports.logger?.info(`rebuilt the kept SIS roster from ${applied} canvas.* records in ${Date.now() - started} ms`, { records: applied });
  return applied;
}

/**
 * Topics are read concurrently, so an enrollment naming only its section may come before that section's record:
 * such enrollments (and every later one of the same section, to keep their order) wait until everything was read.
 * Everything else is applied as it comes, so memory holds only the roster, not the topics.
 */
class DeferredEnrollments {
  private readonly waiting: CanvasEntityChange[] = [];
  private readonly sections = new Set<string>();

  constructor(private readonly roster: RosterState) {}

  applyOrDefer(change: CanvasEntityChange): boolean {
    const section = change.canvasType === 'enrollment' && !change.row.course_id ? change.row.section_id : undefined;
    const key = `${change.tenant}|${change.row.section_id ?? ''}`;
    if (change.canvasType === 'enrollment' && (this.sections.has(key) || (section && !this.roster.courseOfSection(change.tenant, section)))) {
      this.sections.add(key);
      this.waiting.push(change);
      return false;
    }
    return this.roster.apply(change) !== null;
  }

  flush(): number {
    let applied = 0;
    for (const change of this.waiting.splice(0)) if (this.roster.apply(change)) applied += 1;
    return applied;
  }
}
