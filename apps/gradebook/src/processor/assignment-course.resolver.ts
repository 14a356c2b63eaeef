import { CanvasError } from '@rp/canvas';
import { TtlCache } from '../cache/ttl-cache';
import type { TenantGradebookContext } from '../tenant/tenant-context';

/**
 * The Canvas course of an assignment, for a grade event naming no course (Canvas's LTI grade passback: a tool's
 * score creates a `submission_created` whose context is not the course). Canvas has no course-free assignment
 * endpoint, so the student's courses (`GET /users/:id/enrollments`) are asked in turn for the assignment
 * (`GET /courses/:id/assignments/:id` answers 404 in any other course). An assignment never moves, so the answer is kept.
 */
export class AssignmentCourseResolver {
  private readonly known = new TtlCache<string>(Number.POSITIVE_INFINITY, Date.now, 50_000);

  async courseOf(ctx: TenantGradebookContext, assignmentId: string, canvasUserId: string): Promise<string> {
    return this.known.get(`${ctx.tenant}|${assignmentId}`, async () => {
      const courses = new Set<string>();
      for await (const e of ctx.canvas.listEnrollments({ user: Number(canvasUserId) }, { 'type[]': ['StudentEnrollment'] })) courses.add(String(e.course_id));
      for (const course of courses) {
        if (await this.holds(ctx, course, assignmentId)) return course;
      }
      throw new Error(`tenant ${ctx.tenant}: assignment ${assignmentId} is in none of Canvas user ${canvasUserId}'s ${courses.size} course(s), so its class cannot be found`);
    });
  }

  private async holds(ctx: TenantGradebookContext, courseId: string, assignmentId: string): Promise<boolean> {
    try {
      await ctx.canvas.getAssignment(Number(courseId), Number(assignmentId));
      return true;
    } catch (error) {
      if (error instanceof CanvasError && error.status === 404) return false;
      throw error;
    }
  }
}
