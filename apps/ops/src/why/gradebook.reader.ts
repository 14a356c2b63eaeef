import type { DataSource } from 'typeorm';
import type { GradebookReader, OutcomeFact } from './why.ports';

/**
 * Grade passback outcomes of a lineItem or result, each with the latest Live Event that decided it (gradebook schema,
 * read-only; the `ops passback status` rows).
 */
export class PgGradebookReader implements GradebookReader {
  constructor(private readonly ds: DataSource) {}

  async outcomes(tenant: string, id: string, limit: number): Promise<OutcomeFact[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT o.*, e.event_name, e.event_key FROM gradebook_outcomes o
         LEFT JOIN LATERAL (SELECT event_name, event_key FROM gradebook_event_outcomes e
                             WHERE e.tenant = o.tenant AND o.outcome_key = ANY(e.grade_keys) ORDER BY e.recorded_at DESC LIMIT 1) e ON true
        WHERE o.tenant = $1 AND (o.outcome_key = $2 OR o.line_item_sourced_id = $2 OR o.result_sourced_id = $2)
        ORDER BY (o.outcome_key = $2) DESC, o.kind, o.student_sourced_id LIMIT $3`,
      [tenant, id, limit],
    );
    return rows.map((r) => ({
      outcomeKey: r.outcome_key as string, kind: r.kind as string, status: r.status as string, reason: (r.reason as string | null) ?? null,
      classSourcedId: r.class_sourced_id as string | null, studentSourcedId: r.student_sourced_id as string | null,
      lineItemSourcedId: r.line_item_sourced_id as string | null, resultSourcedId: r.result_sourced_id as string | null,
      canvasCourseId: r.canvas_course_id as string | null, canvasAssignmentId: r.canvas_assignment_id as string | null,
      canvasUserId: r.canvas_user_id as string | null, canvasEventTime: (r.canvas_event_time as Date | null) ?? null, updatedAt: r.updated_at as Date,
      ...(r.event_key ? { liveEvent: { name: r.event_name as string, key: r.event_key as string } } : {}),
    }));
  }
}
