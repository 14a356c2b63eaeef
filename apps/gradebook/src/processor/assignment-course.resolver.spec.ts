import { CanvasPermanentError, CanvasRetriableError } from '@rp/canvas';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import { AssignmentCourseResolver } from './assignment-course.resolver';

/** A Canvas where user 9 studies in courses 4 and 5, and assignment 7 belongs to course 5. */
function canvas(fail?: Error) {
  const calls: string[] = [];
  const ctx = {
    tenant: 'acme',
    canvas: {
      async *listEnrollments(scope: { user: number }) {
        calls.push(`enrollments of ${scope.user}`);
        yield* [{ course_id: 4 }, { course_id: 5 }, { course_id: 4 }];
      },
      async getAssignment(course: number, assignment: number) {
        calls.push(`assignment ${assignment} in ${course}`);
        if (fail) throw fail;
        if (course !== 5) throw new CanvasPermanentError('The specified resource does not exist.', '', { status: 404 });
        return { id: assignment, course_id: course };
      },
    },
  } as unknown as TenantGradebookContext;
  return { ctx, calls };
}

describe('AssignmentCourseResolver', () => {
  it('finds the course among the student\'s courses that holds the assignment, once', async () => {
    const { ctx, calls } = canvas();
    const resolver = new AssignmentCourseResolver();
    expect(await resolver.courseOf(ctx, '7', '9')).toBe('5');
    expect(await resolver.courseOf(ctx, '7', '9')).toBe('5');
    expect(calls).toEqual(['enrollments of 9', 'assignment 7 in 4', 'assignment 7 in 5']);
  });

  it('names the assignment and the user when no course of the student holds it', async () => {
    const { ctx: none } = canvas(new CanvasPermanentError('not found', '', { status: 404 }));
    await expect(new AssignmentCourseResolver().courseOf(none, '8', '9')).rejects.toThrow(/tenant acme: assignment 8 is in none of Canvas user 9's 2 course\(s\)/);
  });

  it('lets a retriable Canvas failure through (the batch is retried), and does not keep it', async () => {
    const { ctx } = canvas(new CanvasRetriableError('503', '', { status: 503 }));
    await expect(new AssignmentCourseResolver().courseOf(ctx, '7', '9')).rejects.toBeInstanceOf(CanvasRetriableError);
  });
});
