import type { GradebookWrite, RefusedGradebookWrite } from '@rp/messaging';
import type { GradebookOutcome, GradebookRepository, WrittenMark } from '@rp/persistence';

type Status = GradebookOutcome['status'];

/**
 * What one tenant's slice of writes did, collected while the IC requests run and stored in two set-based
 * statements at the end (outcomes, written hashes) instead of several round trips per write.
 */
export class WriteBookkeeping {
  private readonly outcomes: GradebookOutcome[] = [];
  private readonly hashes: WrittenMark[] = [];
  /** IC accepted (new content) and refused writes, for `gradebook.write-outcomes`; kept until `takeTally`. */
  private tally: { written: number; refused: RefusedGradebookWrite[] } = { written: 0, refused: [] };

  constructor(private readonly repo: Pick<GradebookRepository, 'recordOutcomes' | 'markWrittenMany'>) {}

  /** The outcome of one write (the admin view: sent, refused, waiting, skipped). */
  outcome(w: GradebookWrite, status: Status, reason: string | null): void {
    if (status === 'refused') this.tally.refused.push({ kind: w.kind, sourcedId: w.sourcedId, contentHash: w.contentHash, reason: reason ?? 'refused' });
    this.outcomes.push({
      tenant: w.tenant, outcomeKey: w.sourcedId, kind: w.kind, status, reason,
      canvasCourseId: w.canvasCourseId, canvasAssignmentId: w.canvasAssignmentId, canvasUserId: w.canvasUserId,
      classSourcedId: w.classSourcedId, studentSourcedId: w.studentSourcedId, lineItemSourcedId: w.lineItemSourcedId,
      resultSourcedId: w.kind === 'result' ? w.sourcedId : null, canvasEventTime: w.canvasEventTime,
    });
  }

  /** The latest outcome collected for a sourcedId in this slice (not stored yet). */
  latest(tenant: string, outcomeKey: string): GradebookOutcome | undefined {
    return this.outcomes.findLast((o) => o.tenant === tenant && o.outcomeKey === outcomeKey);
  }

  /** IC accepted this write's new content (counted for the refusal rate beside the refusals). */
  accepted(): void {
    this.tally.written += 1;
  }

  /** What IC accepted and refused since the last call. */
  takeTally(): { written: number; refused: RefusedGradebookWrite[] } {
    const taken = this.tally;
    this.tally = { written: 0, refused: [] };
    return taken;
  }

  /** IC now holds this content (a hash, from the Canvas change of `canvasEventTime`) or nothing (null: deleted). */
  written(w: GradebookWrite, contentHash: string | null, canvasEventTime: string | null = null): void {
    this.hashes.push({ tenant: w.tenant, sourcedId: w.sourcedId, kind: w.kind, contentHash, canvasEventTime });
  }

  /**
   * Stores what was collected: hashes first, so a write IC has is never sent again after a retry. The processor
   * recorded each of these grades under its sourcedId before publishing it (replacing any provisional `canvas:` row),
   * so the outcomes here are plain upserts.
   */
  async flush(): Promise<void> {
    const written = this.hashes.splice(0);
    const outcomes = this.outcomes.splice(0);
    await this.repo.markWrittenMany(written);
    await this.repo.recordOutcomes(outcomes, { replaceProvisional: false });
  }
}
