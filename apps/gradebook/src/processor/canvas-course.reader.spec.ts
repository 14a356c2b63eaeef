import type { CanvasEnrollment } from '@rp/canvas';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import { CanvasCourseReader } from './canvas-course.reader';

/** A tenant whose Canvas lists one student enrollment row (with an override) per call, counting the calls. */
function tenant(override: () => number | null) {
  const calls = { enrollments: 0 };
  const ctx = {
    tenant: 'acme',
    canvas: {
      listEnrollments: async function* () {
        calls.enrollments++;
        yield {
          id: 1, user_id: 9, course_id: 5, course_section_id: 50, type: 'StudentEnrollment', enrollment_state: 'active', sis_user_id: 'stu-9',
          grades: { current_score: 80, final_score: 70 }, override_score: override(), override_grade: null,
        } as unknown as CanvasEnrollment;
      },
    },
  } as unknown as TenantGradebookContext;
  return { ctx, calls };
}

describe('CanvasCourseReader: one enrollment listing serves a course\'s students and course grades', () => {
  it('lists a course once for both, whichever asks first', async () => {
    for (const order of ['students first', 'course grades first']) {
      const { ctx, calls } = tenant(() => null);
      const reader = new CanvasCourseReader(60_000);
      const students = () => reader.studentEnrollments(ctx, '5');
      const grades = () => reader.courseGrades(ctx, '5', '9');
      if (order === 'students first') await students().then(grades);
      else await grades().then(students);
      expect([order, await students(), await grades(), calls.enrollments]).toEqual([
        order, [{ canvasUserId: '9', userSisId: 'stu-9', sectionId: '50', state: 'active' }], { currentScore: 80, finalScore: 70, overrideScore: null, overrideGrade: null }, 1,
      ]);
    }
  });

  it('a fresh read of overrides (grade_override) lists again and is not replaced by the students\' older listing', async () => {
    let override: number | null = null;
    const { ctx, calls } = tenant(() => override);
    const reader = new CanvasCourseReader(60_000);
    await reader.studentEnrollments(ctx, '5');
    override = 95;
    expect(await reader.courseGrades(ctx, '5', '9', true)).toMatchObject({ overrideScore: 95 });
    await reader.studentEnrollments(ctx, '5', true);
    expect(await reader.courseGrades(ctx, '5', '9')).toMatchObject({ overrideScore: 95 });
    expect(calls.enrollments).toBe(3);
  });
});
