import type { DataSource } from 'typeorm';
import type { GradebookReader, OutcomeFact } from './why.ports';

/** Grade passback outcomes of a lineItem or result (gradebook schema, read-only; the `ops passback status` rows). */
export class PgGradebookReader implements GradebookReader {
  constructor(private readonly ds: DataSource) {}

  async outcomes(tenant: string, id: string, limit: number): Promise<OutcomeFact[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT * FROM gradebook_outcomes
        WHERE tenant = $1 AND (outcome_key = $2 OR line_item_sourced_id = $2 OR result_sourced_id = $2)
        ORDER BY (outcome_key = $2) DESC, kind, student_sourced_id LIMIT $3`,
      [tenant, id, limit],
    );
    return rows.map((r) => ({
      outcomeKey: r.outcome_key as string, kind: r.kind as string, status: r.status as string, reason: (r.reason as string | null) ?? null,
      classSourcedId: r.class_sourced_id as string | null, studentSourcedId: r.student_sourced_id as string | null,
      lineItemSourcedId: r.line_item_sourced_id as string | null, resultSourcedId: r.result_sourced_id as string | null,
      canvasCourseId: r.canvas_course_id as string | null, canvasAssignmentId: r.canvas_assignment_id as string | null,
      canvasUserId: r.canvas_user_id as string | null, canvasEventTime: (r.canvas_event_time as Date | null) ?? null, updatedAt: r.updated_at as Date,
    }));
  }
}
