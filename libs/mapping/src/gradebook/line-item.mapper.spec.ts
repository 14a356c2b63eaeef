import { classBindingsOf, decideLineItem, type LineItemInput } from './line-item.mapper';
import type { PassbackSettings } from './passback-settings';
import type { AssignmentSnapshot } from './ports/canvas-snapshots';
import type { ClassContext } from './ports/class-context';
import { lineItemSourcedId } from './sourced-ids';
import { NOW, assignment, category, classContext, settingsFor } from './testing/gradebook-fixtures';

const decide = (
  a: Partial<AssignmentSnapshot> = {},
  settings: Partial<PassbackSettings> = {},
  ctx: Partial<ClassContext> | null = {},
  extra: Partial<LineItemInput> = {},
) =>
  decideLineItem({
    tenant: 'acme',
    assignment: assignment(a),
    binding: { classSourcedId: 'class-1', via: 'course' },
    classContext: ctx === null ? null : classContext(ctx),
    lineItemExists: false,
    settings: settingsFor(settings),
    now: NOW,
    ...extra,
  });

const codesOf = (decision: ReturnType<typeof decide>) => (decision.kind === 'refused' ? decision.reasons.map((r) => r.code) : []);

describe('decideLineItem — upsert', () => {
  it('turns a published, graded, SIS-bound assignment into a complete lineItem', () => {
    expect(decide()).toEqual({
      kind: 'upsert',
      category: 'matched',
      lineItem: {
        sourcedId: lineItemSourcedId('acme', '371'),
        status: 'active',
        dateLastModified: NOW,
        title: 'Fractions worksheet',
        assignDate: '2024-10-08T13:00:00.000Z',
        dueDate: '2024-10-15T22:00:00.000Z',
        class: { sourcedId: 'class-1', type: 'class' },
        school: { sourcedId: 'school-chi', type: 'org' },
        category: { sourcedId: 'cat-hw', type: 'category' },
        gradingPeriod: { sourcedId: 'q2', type: 'academicSession' },
        resultValueMin: 0,
        resultValueMax: 20,
        metadata: { canvasAssignmentId: '371', canvasCourseId: '565' },
      },
    });
  });

  it.each([
    ['graded discussion', { isGradedDiscussion: true, submissionTypes: ['discussion_topic'] }],
    ['classic quiz', { isQuiz: true, submissionTypes: ['online_quiz'] }],
    ['letter-graded', { gradingType: 'letter_grade' as const }],
    ['name padded with spaces exactly at the limit', { name: `  ${'x'.repeat(50)}  ` }],
  ])('sends a %s', (_case, overrides) => {
    expect(decide(overrides).kind).toBe('upsert');
  });

  it('sends assignments without "Sync to SIS" when the tenant passes back all published graded work', () => {
    expect(decide({ postToSis: false }, { assignmentScope: 'all-published-graded' }).kind).toBe('upsert');
    expect(decide({ postToSis: null }, { assignmentScope: 'all-published-graded' }).kind).toBe('upsert');
  });

  it('uses the fallback category when the assignment group matches none', () => {
    const d = decide({ assignmentGroupName: 'Projects' }, { categoryFallbackTitle: 'Other' });
    expect(d.kind === 'upsert' && [d.category, d.lineItem.category.sourcedId]).toEqual(['fallback', 'cat-other']);
  });

  it('prefers the class-scoped category', () => {
    const d = decide({}, {}, { categories: [category('g-hw', 'Homework'), category('c-hw', 'homework', 'class-1')] });
    expect(d.kind === 'upsert' && d.lineItem.category.sourcedId).toBe('c-hw');
  });

  it('keeps a lineItem per section class, each with its own sourcedId', () => {
    const d = decideLineItem({
      tenant: 'acme',
      assignment: assignment(),
      binding: { classSourcedId: 'class-7', via: 'section' },
      classContext: classContext({ classSourcedId: 'class-7' }),
      lineItemExists: false,
      settings: settingsFor({ classSource: 'section' }),
      now: NOW,
    });
    expect(d.kind === 'upsert' && d.lineItem.sourcedId).toBe(lineItemSourcedId('acme', '371', 'class-7'));
  });

  it('places an undated assignment in today\'s grading period when due dates are not required', () => {
    const d = decide({ dueAt: null }, { requireDueDate: false });
    expect(d.kind === 'upsert' && [d.lineItem.dueDate, d.lineItem.gradingPeriod?.sourcedId]).toEqual([NOW, 'q2']);
  });
});

describe('decideLineItem — grading period in the school time zone', () => {
  // 2024-10-01T04:30Z: 23:30 on Sep 30 in Chicago (Quarter 1), 00:30 on Oct 1 in New York (Quarter 2).
  it.each([
    ['school-chi', 'q1'],
    ['school-ny', 'q2'],
  ])('a due date near midnight UTC lands in %s → %s', (school, period) => {
    const d = decide({ dueAt: '2024-10-01T04:30:00Z' }, {}, { schoolSourcedId: school });
    expect(d.kind === 'upsert' && d.lineItem.gradingPeriod?.sourcedId).toBe(period);
  });
});

describe('decideLineItem — refusals with teacher-readable reasons', () => {
  it.each([
    ['not published', { workflowState: 'unpublished' }, {}, 'not-published', /not published/],
    ['Sync to SIS off', { postToSis: false }, {}, 'not-selected-for-sis', /"Sync to SIS" is off/],
    ['Sync to SIS feature absent', { postToSis: null }, {}, 'not-selected-for-sis', /"Sync to SIS" is off/],
    ['not graded', { gradingType: 'not_graded' as const }, {}, 'not-graded', /Not Graded/],
    ['not graded submission type', { submissionTypes: ['not_graded'] }, {}, 'not-graded', /Not Graded/],
    ['zero points', { pointsPossible: 0 }, {}, 'no-points', /0 points/],
    ['no points', { pointsPossible: null }, {}, 'no-points', /0 points/],
    ['empty name', { name: '   ' }, {}, 'title-empty', /no name/],
    ['name too long', { name: 'x'.repeat(51) }, {}, 'title-too-long', /51 characters; the SIS accepts at most 50/],
    ['name longer than a tenant limit of 30', { name: 'Chapter 4 review: fractions!!!!' }, { titleMaxLength: 30 }, 'title-too-long', /at most 30/],
    ['no due date', { dueAt: null }, {}, 'no-due-date', /no due date/],
    ['no matching category', { assignmentGroupName: 'Projects' }, {}, 'no-category', /"Projects" matches no SIS gradebook category.*Homework, Tests, Other/],
    ['fallback category missing', { assignmentGroupName: 'Projects' }, { categoryFallbackTitle: 'Misc' }, 'no-category', /default category "Misc" does not exist/],
    ['due before every period', { dueAt: '2024-08-01T15:00:00Z' }, {}, 'outside-grading-periods', /\(2024-08-01, America\/Chicago\) is outside every grading period/],
    ['due in a closed period', { dueAt: '2025-02-01T15:00:00Z' }, {}, 'grading-period-closed', /Quarter 3, whose SIS grading window is closed/],
  ] as const)('%s', (_case, a, settings, code, message) => {
    const d = decide(a as Partial<AssignmentSnapshot>, settings as Partial<PassbackSettings>);
    expect(d.kind).toBe('refused');
    expect(codesOf(d)).toEqual([code]);
    expect(d.kind === 'refused' && d.reasons[0].message).toMatch(message);
  });

  it('quotes the kind of work in the message', () => {
    const d = decide({ isQuiz: true, postToSis: false });
    expect(d.kind === 'refused' && d.reasons[0].message).toMatch(/for this quiz/);
  });

  it('reports every problem at once', () => {
    const d = decide({ name: 'y'.repeat(60), dueAt: null, pointsPossible: 0, assignmentGroupName: 'Projects' });
    expect(codesOf(d)).toEqual(['no-points', 'title-too-long', 'no-due-date', 'no-category']);
  });

  it('refuses a course without a SIS id', () => {
    const d = decide({}, {}, {}, { binding: null });
    expect(codesOf(d)).toEqual(['class-not-sis-bound']);
    expect(d.kind === 'refused' && d.reasons[0].message).toMatch(/Canvas course has no SIS id/);
  });

  it('refuses a SIS id that is no known class', () => {
    expect(codesOf(decide({}, {}, null))).toEqual(['class-unknown']);
  });
});

describe('decideLineItem — deletion', () => {
  it.each(['unpublished', 'deleted'])('deletes the existing lineItem of an %s assignment', (state) => {
    expect(decide({ workflowState: state }, {}, {}, { lineItemExists: true })).toEqual({
      kind: 'delete',
      lineItemSourcedId: lineItemSourcedId('acme', '371'),
      reason: `the assignment is ${state} in Canvas`,
    });
  });

  it('does not delete what was never sent', () => {
    expect(decide({ workflowState: 'deleted' }).kind).toBe('refused');
  });
});

describe('classBindingsOf', () => {
  it.each([
    ['course', { sisCourseId: 'class-1' }, [{ classSourcedId: 'class-1', via: 'course' }]],
    ['course', { sisCourseId: null }, []],
    [
      'section',
      { sections: [{ id: '1', sisSectionId: 'class-a' }, { id: '2', sisSectionId: null }, { id: '3', sisSectionId: 'class-b' }, { id: '4', sisSectionId: 'class-a' }] },
      [{ classSourcedId: 'class-a', via: 'section' }, { classSourcedId: 'class-b', via: 'section' }],
    ],
  ] as const)('%s source, %j', (source, a, expected) => {
    expect(classBindingsOf(assignment(a as Partial<AssignmentSnapshot>), source)).toEqual(expected);
  });
});
