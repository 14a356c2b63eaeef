import type { LineItem, Result } from '@rp/oneroster';
import { findCategory } from './category-match';
import { studentSkipReason } from './eligibility';
import { gradingPeriodAt } from './grading-period';
import { type PassbackSettings, schoolTimeZone } from './passback-settings';
import type { CanvasEnrollmentState, CourseGradeSnapshot } from './ports/canvas-snapshots';
import type { ClassBinding, ClassContext, GradingPeriodWindow } from './ports/class-context';
import { courseGradeLineItemSourcedId, localCanvasId, resultSourcedId } from './sourced-ids';
import { localDateIn, previousDate, zonedTimeToUtc } from './zoned-time';

export interface CourseGradeInput {
  tenant: string;
  grade: CourseGradeSnapshot;
  binding: ClassBinding | null;
  classContext: ClassContext | null;
  enrollmentState: CanvasEnrollmentState | null;
  settings: PassbackSettings;
  now: string;
}

export type CourseGradeDecision =
  | { kind: 'upsert'; lineItem: LineItem; result: Result; resultSourcedId: string; canvasEventTime: string }
  | { kind: 'skip'; canvasEventTime: string; reason: string };

/**
 * A student's Canvas course total as a result on the class's course-grade lineItem for one grading period: the
 * period the snapshot was scoped to, else the one containing the Canvas event time on the school's calendar.
 * A Final Grade Override wins over the computed total; otherwise only posted totals (`current_score` /
 * `final_score`) are read, so hidden grades never leak into it.
 */
export function decideCourseGrade(input: CourseGradeInput): CourseGradeDecision {
  const { grade, settings, classContext } = input;
  const canvasEventTime = grade.canvasEventTime;
  const skip = (reason: string): CourseGradeDecision => ({ kind: 'skip', canvasEventTime, reason });
  if (!settings.sendCourseGrades) return skip('course grades are not passed back for this tenant');
  if (!input.binding) return skip('the Canvas course is not linked to a SIS class (no SIS id)');
  if (!classContext) return skip(`the SIS id "${input.binding.classSourcedId}" is not a class in the SIS roster`);
  const studentProblem = studentSkipReason(grade.userSisId, input.enrollmentState);
  if (studentProblem || !grade.userSisId) return skip(studentProblem ?? 'no SIS id');

  const zone = schoolTimeZone(settings, classContext.schoolSourcedId);
  const period = coursePeriod(grade, zone, classContext.gradingPeriods);
  if (typeof period === 'string') return skip(period);
  const categoryTitle = settings.courseGradeCategoryTitle ?? settings.categoryFallbackTitle;
  const category = categoryTitle ? findCategory(classContext.categories, categoryTitle, classContext.classSourcedId) : undefined;
  if (!category) {
    return skip(
      categoryTitle
        ? `the course-grade category "${categoryTitle}" does not exist in the SIS for this class`
        : 'no SIS category is configured for course grades (set courseGradeCategoryTitle)',
    );
  }
  // A teacher's Final Grade Override is the grade the student gets, so it wins over the computed score.
  const override = typeof grade.overrideScore === 'number' && Number.isFinite(grade.overrideScore) ? grade.overrideScore : null;
  const computed = settings.courseGradeScore === 'current' ? grade.currentScore : grade.finalScore;
  const score = override ?? computed;
  if (score === null) return skip(`the student has no ${settings.courseGradeScore} course score yet`);
  const letter = override !== null ? grade.overrideGrade : settings.courseGradeScore === 'current' ? grade.currentGrade : grade.finalGrade;

  const lineItemId = courseGradeLineItemSourcedId(input.tenant, classContext.classSourcedId, period.sourcedId);
  const lineItem: LineItem = {
    sourcedId: lineItemId,
    status: 'active',
    dateLastModified: input.now,
    title: settings.courseGradeLineItemTitle.trim(),
    // Noon local keeps both dates inside the period whatever the UTC offset.
    assignDate: zonedTimeToUtc(period.startDate, 12, zone),
    dueDate: zonedTimeToUtc(previousDate(period.endDate), 12, zone),
    class: { sourcedId: classContext.classSourcedId, type: 'class' },
    school: { sourcedId: classContext.schoolSourcedId, type: 'org' },
    category: { sourcedId: category.category.sourcedId, type: 'category' },
    gradingPeriod: { sourcedId: period.sourcedId, type: 'academicSession' },
    resultValueMin: 0,
    resultValueMax: 100,
    metadata: { canvasCourseId: localCanvasId(grade.courseId), canvasCourseGrade: settings.courseGradeScore },
  };
  const sourcedId = resultSourcedId(lineItemId, grade.userSisId);
  const result: Result = {
    sourcedId,
    status: 'active',
    dateLastModified: input.now,
    lineItem: { sourcedId: lineItemId, type: 'lineItem' },
    student: { sourcedId: grade.userSisId, type: 'user' },
    class: lineItem.class,
    scoreStatus: 'fully graded',
    score,
    ...(letter?.trim() ? { textScore: letter.trim() } : {}),
    scoreDate: localDateIn(canvasEventTime, zone),
  };
  return { kind: 'upsert', lineItem, result, resultSourcedId: sourcedId, canvasEventTime };
}

function coursePeriod(grade: CourseGradeSnapshot, zone: string, periods: GradingPeriodWindow[]): GradingPeriodWindow | string {
  if (grade.gradingPeriodSourcedId) {
    const period = periods.find((p) => p.sourcedId === grade.gradingPeriodSourcedId);
    if (!period) return `grading period ${grade.gradingPeriodSourcedId} is not a grading period of the school`;
    return period.open === false ? `the SIS grading window of ${period.title} is closed` : period;
  }
  const match = gradingPeriodAt(grade.canvasEventTime, zone, periods);
  if (match.kind === 'open') return match.period;
  if (match.kind === 'closed') return `the SIS grading window of ${match.period.title} is closed`;
  return `${match.localDate} (${zone}) is outside every grading period of the school`;
}
