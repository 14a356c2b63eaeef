import { decideLineItem, type LineItemDecision } from './line-item.mapper';
import type { CanvasEnrollmentState, CanvasGradingType, SubmissionSnapshot } from './ports/canvas-snapshots';
import { decideResult } from './result.mapper';
import { lineItemSourcedId, resultSourcedId } from './sourced-ids';
import { NOW, assignment, classContext, settingsFor, submission } from './testing/gradebook-fixtures';

const settings = settingsFor();
const lineItemFor = (school = 'school-chi', a = assignment()): LineItemDecision =>
  decideLineItem({
    tenant: 'acme',
    assignment: a,
    binding: { classSourcedId: 'class-1', via: 'course' },
    classContext: classContext({ schoolSourcedId: school }),
    lineItemExists: false,
    settings,
    now: NOW,
  });

const decide = (
  s: Partial<SubmissionSnapshot> = {},
  extra: { enrollmentState?: CanvasEnrollmentState | null; lineItem?: LineItemDecision; gradingType?: CanvasGradingType } = {},
) =>
  decideResult({
    submission: submission(s),
    enrollmentState: extra.enrollmentState === undefined ? 'active' : extra.enrollmentState,
    lineItem: extra.lineItem ?? lineItemFor(),
    gradingType: extra.gradingType,
    settings,
    now: NOW,
  });

const LINE_ITEM = lineItemSourcedId('acme', '371');
const RESULT = resultSourcedId(LINE_ITEM, 'student-1');

describe('decideResult — upsert', () => {
  it('writes a graded, posted submission as a fully graded result', () => {
    expect(decide()).toEqual({
      kind: 'upsert',
      resultSourcedId: RESULT,
      canvasEventTime: '2024-10-16T14:00:01.000Z',
      result: {
        sourcedId: RESULT,
        status: 'active',
        dateLastModified: NOW,
        lineItem: { sourcedId: LINE_ITEM, type: 'lineItem' },
        student: { sourcedId: 'student-1', type: 'user' },
        class: { sourcedId: 'class-1', type: 'class' },
        scoreStatus: 'fully graded',
        score: 18,
        scoreDate: '2024-10-16',
        late: false,
        missing: false,
      },
    });
  });

  const resultOf = (d: ReturnType<typeof decide>) => {
    if (d.kind !== 'upsert') throw new Error(`expected upsert, got ${d.kind}: ${JSON.stringify(d)}`);
    return d.result;
  };

  it.each<[string, Partial<SubmissionSnapshot>, Record<string, unknown>]>([
    ['excused → exempt without a score', { excused: true, score: 12 }, { scoreStatus: 'exempt', score: undefined }],
    ['late flag', { late: true }, { late: true, missing: false, scoreStatus: 'fully graded' }],
    ['missing, nothing handed in', { missing: true, score: null, grade: null, submittedAt: null, gradedAt: null, workflowState: 'unsubmitted', postedAt: null }, { scoreStatus: 'not submitted', missing: true, score: undefined }],
    ['missing but graded zero', { missing: true, score: 0, grade: '0' }, { scoreStatus: 'fully graded', missing: true, score: 0 }],
    ['submitted, ungraded', { score: null, grade: null, gradedAt: null, workflowState: 'submitted', postedAt: null }, { scoreStatus: 'submitted', score: undefined, scoreDate: '2024-10-15' }],
    ['teacher comment', { comment: '  Great work on #3  ' }, { comment: 'Great work on #3' }],
    ['blank comment dropped', { comment: '   ' }, { comment: undefined }],
  ])('%s', (_case, overrides, expected) => {
    const result = resultOf(decide(overrides));
    for (const [field, value] of Object.entries(expected)) expect([field, result[field as keyof typeof result]]).toEqual([field, value]);
  });

  it.each([0.1 + 0.2, 17.31, 99.5, 1e-7, 12.345678901234567, 150])('keeps score %p exactly as Canvas sent it', (score) => {
    const result = resultOf(decide({ score }));
    expect(Object.is(result.score, score)).toBe(true);
  });

  it.each<[CanvasGradingType | undefined, string, string | undefined]>([
    ['letter_grade', 'B+', 'B+'],
    ['pass_fail', 'complete', 'complete'],
    ['gpa_scale', '3.7', '3.7'],
    ['points', '18', undefined],
    ['percent', '90%', undefined],
    [undefined, 'B+', undefined],
  ])('grading type %s with grade %s → textScore %s', (gradingType, grade, textScore) => {
    expect(resultOf(decide({ grade }, { gradingType })).textScore).toBe(textScore);
  });

  // graded_at 2024-10-17T04:30Z is 23:30 on Oct 16 in Chicago but 00:30 on Oct 17 in New York.
  it.each([
    ['school-chi', '2024-10-16'],
    ['school-ny', '2024-10-17'],
  ])('dates the score on the school calendar (%s → %s)', (school, date) => {
    expect(resultOf(decide({ gradedAt: '2024-10-17T04:30:00Z' }, { lineItem: lineItemFor(school) })).scoreDate).toBe(date);
  });
});

describe('decideResult — hold until posted', () => {
  it.each<[string, Partial<SubmissionSnapshot>]>([
    ['unposted grade', { postedAt: null }],
    ['unposted excusal', { postedAt: null, excused: true }],
    ['muted assignment', { muted: true }],
  ])('%s is held, never sent', (_case, overrides) => {
    expect(decide(overrides)).toEqual({ kind: 'hold', resultSourcedId: RESULT, canvasEventTime: '2024-10-16T14:00:01.000Z', reason: 'grade not posted' });
  });
});

describe('decideResult — skip', () => {
  it.each<[string, Partial<SubmissionSnapshot>, CanvasEnrollmentState | null, RegExp]>([
    ['dropped student', {}, 'deleted', /not actively enrolled \(enrollment is deleted\)/],
    ['concluded student', {}, 'completed', /not actively enrolled \(enrollment is completed\)/],
    ['inactive student', {}, 'inactive', /not actively enrolled/],
    ['invited student', {}, 'invited', /not actively enrolled/],
    ['not enrolled at all', {}, null, /not enrolled in the class/],
    ['no SIS id', { userSisId: null }, 'active', /no SIS id/],
    ['dropped student with a hidden grade', { postedAt: null }, 'deleted', /not actively enrolled/],
  ])('%s', (_case, overrides, enrollmentState, reason) => {
    const d = decide(overrides, { enrollmentState });
    expect(d.kind).toBe('skip');
    expect(d.kind === 'skip' && d.reason).toMatch(reason);
  });

  it('skips results of a refused assignment, quoting why it was refused', () => {
    const d = decide({}, { lineItem: lineItemFor('school-chi', assignment({ dueAt: null })) });
    expect(d.kind === 'skip' && d.reason).toMatch(/not sent to the SIS: .*no due date/);
  });

  it('skips results of a deleted lineItem', () => {
    const d = decide({}, { lineItem: { kind: 'delete', lineItemSourcedId: LINE_ITEM, reason: 'the assignment is deleted in Canvas' } });
    expect(d.kind === 'skip' && d.reason).toMatch(/lineItem is being deleted/);
  });
});
