import type { EntityKind, RecordProblem } from '@rp/oneroster';

/**
 * Tracks the sourcedIds a chunk already publishes. A provider that sends one sourcedId twice in a page makes two
 * different claims about one record; the first valid copy is kept and later ones are dead-lettered, because
 * writing both would hit the same snapshot row twice in one statement (and fail the whole run).
 */
export class RepeatedRecords {
  private readonly kept = new Set<string>();

  constructor(private readonly tenant: string, private readonly entity: EntityKind) {}

  /** The problem of a later copy of an already kept sourcedId, or undefined for a first occurrence. */
  repeatOf(sourcedId: string): RecordProblem | undefined {
    if (!this.kept.has(sourcedId)) return undefined;
    return {
      tenant: this.tenant, entity: this.entity, sourcedId, field: 'sourcedId',
      message: 'appears more than once in the same response; the first copy was kept — remove the duplicate in the SIS',
    };
  }

  keep(sourcedId: string): void {
    this.kept.add(sourcedId);
  }
}
