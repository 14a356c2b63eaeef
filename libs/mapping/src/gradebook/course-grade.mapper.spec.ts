import { type CourseGradeInput, decideCourseGrade } from './course-grade.mapper';
import type { PassbackSettings } from './passback-settings';
import type { CourseGradeSnapshot } from './ports/canvas-snapshots';
import type { ClassContext } from './ports/class-context';
import { courseGradeLineItemSourcedId, resultSourcedId } from './sourced-ids';
import { NOW, category, classContext, settingsFor } from './testing/gradebook-fixtures';

const grade = (overrides: Partial<CourseGradeSnapshot> = {}): CourseGradeSnapshot => ({
  courseId: '21070000000000565',
  canvasUserId: '2',
  userSisId: 'student-1',
  currentScore: 17.31,
  finalScore: 12.5,
  currentGrade: null,
  finalGrade: null,
  canvasEventTime: '2024-10-16T16:26:34.552Z',
  ...overrides,
});

const ctx = (overrides: Partial<ClassContext> = {}) =>
  classContext({ categories: [category('cat-final', 'Final Grade'), category('cat-other', 'Other')], ...overrides });

const decide = (
  g: Partial<CourseGradeSnapshot> = {},
  settings: Partial<PassbackSettings> = { courseGradeCategoryTitle: 'Final Grade' },
  extra: Partial<CourseGradeInput> = {},
) =>
  decideCourseGrade({
    tenant: 'acme',
    grade: grade(g),
    binding: { classSourcedId: 'class-1', via: 'course' },
    classContext: ctx(),
    enrollmentState: 'active',
    settings: settingsFor(settings),
    now: NOW,
    ...extra,
  });

const upserted = (d: ReturnType<typeof decide>) => {
  if (d.kind !== 'upsert') throw new Error(`expected upsert, got ${JSON.stringify(d)}`);
  return d;
};

describe('decideCourseGrade', () => {
  it('writes the current score on the course-grade lineItem of the current grading period', () => {
    const lineItemId = courseGradeLineItemSourcedId('acme', 'class-1', 'q2');
    expect(decide()).toEqual({
      kind: 'upsert',
      resultSourcedId: resultSourcedId(lineItemId, 'student-1'),
      canvasEventTime: '2024-10-16T16:26:34.552Z',
      lineItem: {
        sourcedId: lineItemId,
        status: 'active',
        dateLastModified: NOW,
        title: 'Canvas course grade',
        assignDate: '2024-10-01T17:00:00.000Z', // noon in Chicago on the first day
        dueDate: '2024-12-19T18:00:00.000Z', // noon in Chicago on the last day (end date exclusive)
        class: { sourcedId: 'class-1', type: 'class' },
        school: { sourcedId: 'school-chi', type: 'org' },
        category: { sourcedId: 'cat-final', type: 'category' },
        gradingPeriod: { sourcedId: 'q2', type: 'academicSession' },
        resultValueMin: 0,
        resultValueMax: 100,
        metadata: { canvasCourseId: '565', canvasCourseGrade: 'current' },
      },
      result: {
        sourcedId: resultSourcedId(lineItemId, 'student-1'),
        status: 'active',
        dateLastModified: NOW,
        lineItem: { sourcedId: lineItemId, type: 'lineItem' },
        student: { sourcedId: 'student-1', type: 'user' },
        class: { sourcedId: 'class-1', type: 'class' },
        scoreStatus: 'fully graded',
        score: 17.31,
        scoreDate: '2024-10-16',
      },
    });
  });

  it.each<[string, Partial<CourseGradeSnapshot>, Partial<PassbackSettings>, number, string | undefined]>([
    ['final score when configured', {}, { courseGradeScore: 'final', courseGradeCategoryTitle: 'Final Grade' }, 12.5, undefined],
    ['letter grade travels as textScore', { currentGrade: 'B+' }, { courseGradeCategoryTitle: 'Final Grade' }, 17.31, 'B+'],
    ['exact decimals kept', { currentScore: 0.1 + 0.2 }, { courseGradeCategoryTitle: 'Final Grade' }, 0.30000000000000004, undefined],
  ])('%s', (_case, g, settings, score, textScore) => {
    const { result } = upserted(decide(g, settings));
    expect([result.score, result.textScore]).toEqual([score, textScore]);
  });

  it('falls back to the tenant fallback category', () => {
    expect(upserted(decide({}, { categoryFallbackTitle: 'other' })).lineItem.category.sourcedId).toBe('cat-other');
  });

  it('uses the grading period the scores were read for', () => {
    const d = upserted(decide({ gradingPeriodSourcedId: 'q1' }));
    expect([d.lineItem.sourcedId, d.lineItem.gradingPeriod?.sourcedId]).toEqual([courseGradeLineItemSourcedId('acme', 'class-1', 'q1'), 'q1']);
  });

  // 2024-10-01T04:30Z is Sep 30 in Chicago (Quarter 1) and Oct 1 in New York (Quarter 2).
  it.each([
    ['school-chi', 'q1'],
    ['school-ny', 'q2'],
  ])('picks the period on the school calendar: %s → %s', (school, period) => {
    const d = upserted(decide({ canvasEventTime: '2024-10-01T04:30:00Z' }, undefined, { classContext: ctx({ schoolSourcedId: school }) }));
    expect(d.lineItem.gradingPeriod?.sourcedId).toBe(period);
  });

  it.each<[string, Partial<CourseGradeSnapshot>, Partial<PassbackSettings>, Partial<CourseGradeInput>, RegExp]>([
    ['disabled for the tenant', {}, { sendCourseGrades: false }, {}, /not passed back for this tenant/],
    ['course without SIS id', {}, {}, { binding: null }, /not linked to a SIS class/],
    ['unknown class', {}, {}, { classContext: null }, /not a class in the SIS roster/],
    ['student without SIS id', { userSisId: null }, {}, {}, /no SIS id/],
    ['dropped student', {}, {}, { enrollmentState: 'deleted' }, /not actively enrolled/],
    ['no category configured', {}, {}, {}, /no SIS category is configured for course grades/],
    ['configured category missing', {}, { courseGradeCategoryTitle: 'Term Grade' }, {}, /"Term Grade" does not exist/],
    ['no score yet', { currentScore: null }, { courseGradeCategoryTitle: 'Final Grade' }, {}, /no current course score yet/],
    ['outside every period', { canvasEventTime: '2024-12-25T12:00:00Z' }, { courseGradeCategoryTitle: 'Final Grade' }, {}, /2024-12-25 \(America\/Chicago\) is outside every grading period/],
    ['closed period', { canvasEventTime: '2025-02-01T12:00:00Z' }, { courseGradeCategoryTitle: 'Final Grade' }, {}, /grading window of Quarter 3 is closed/],
    ['unknown scoped period', { gradingPeriodSourcedId: 'q9' }, { courseGradeCategoryTitle: 'Final Grade' }, {}, /q9 is not a grading period/],
  ])('skips: %s', (_case, g, settings, extra, reason) => {
    const d = decide(g, settings, extra);
    expect(d.kind).toBe('skip');
    expect(d.kind === 'skip' && d.reason).toMatch(reason);
  });

  describe('Final Grade Override', () => {
    const scoreOf = (d: ReturnType<typeof decide>) => {
      const { result } = upserted(d);
      return [result.score, result.textScore];
    };
    it.each<[string, Partial<CourseGradeSnapshot>, Partial<PassbackSettings>, [number, string | undefined]]>([
      ['the override wins over the current score', { overrideScore: 88 }, {}, [88, undefined]],
      ['the override wins over the final score too', { overrideScore: 88 }, { courseGradeScore: 'final' }, [88, undefined]],
      ['an override of 0 is a grade, not a missing one', { overrideScore: 0 }, {}, [0, undefined]],
      ['the override letter goes with it, not the computed letter', { overrideScore: 91, overrideGrade: 'A-', currentGrade: 'F' }, {}, [91, 'A-']],
      ['an override counts even without any computed score', { overrideScore: 75, currentScore: null, finalScore: null }, {}, [75, undefined]],
      ['a removed override (null) gives the computed score back', { overrideScore: null, currentGrade: 'F' }, {}, [17.31, 'F']],
      ['no override at all keeps the computed score', {}, { courseGradeScore: 'final' }, [12.5, undefined]],
    ])('%s', (_, g, settings, expected) => {
      expect(scoreOf(decide(g, { courseGradeCategoryTitle: 'Final Grade', ...settings }))).toEqual(expected);
    });

    it('still skips a student who left the class, override or not', () => {
      expect(decide({ overrideScore: 95 }, undefined, { enrollmentState: 'deleted' }).kind).toBe('skip');
    });

    it('writes the override to the same result as the computed grade (latest wins per result)', () => {
      expect(upserted(decide({ overrideScore: 95 })).resultSourcedId).toBe(upserted(decide()).resultSourcedId);
    });
  });
});
