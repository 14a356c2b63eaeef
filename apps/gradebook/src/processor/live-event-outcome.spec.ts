import { CanvasPermanentError } from '@rp/canvas';
import { resolvePassbackSettings } from '@rp/mapping';
import type { EventOutcomeRecord } from '@rp/persistence';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import type { CanvasCourseReader } from './canvas-course.reader';
import type { ClassContextReader } from './class-context.reader';
import { GradeProcessor } from './grade.processor';
import { liveEventKey } from './live-event-outcome';

const record = (name: string, body: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  tenant: 'acme', eventName: name, eventTime: '2026-11-21T10:00:01Z',
  metadata: JSON.stringify({ event_name: name, event_time: '2026-11-21T10:00:01Z', context_type: 'Course', context_id: '21070000000000005', ...metadata }),
  body: JSON.stringify(body),
});

/** A processor whose Canvas answers 404 to every read: enough to see each event's one recorded outcome. */
function setup() {
  const events: EventOutcomeRecord[] = [];
  const missing = async () => {
    throw new CanvasPermanentError('The specified resource does not exist.', 'check the id', { status: 404 });
  };
  const processor = new GradeProcessor({
    tenants: { context: async () => ({ tenant: 'acme', settings: resolvePassbackSettings('acme', {}) }) as TenantGradebookContext, activeTenants: async () => ['acme'] },
    repo: { recordOutcomes: async () => undefined, lineItemWritten: async () => false },
    events: { record: async (list) => void events.push(...list) },
    publish: async () => undefined,
    canvas: { submission: missing, assignment: missing, submissionsOf: missing, course: missing } as unknown as CanvasCourseReader,
    ic: {} as ClassContextReader,
    clock: () => new Date('2026-11-21T12:00:00Z'),
  });
  return { processor, events };
}

describe('GradeProcessor: one recorded outcome per consumed Live Event', () => {
  it('records ignored, unknown, invalid and failed events with their reasons, each once, under the gateway\'s identity', async () => {
    const { processor, events } = setup();
    const consumed = [
      record('enrollment_created', { enrollment_id: '1' }),
      record('outcome_proficiency_updated', {}),
      record('grade_change', { user_id: '48' }),
      record('grade_change', { assignment_id: '7', student_id: '9', user_id: '9', score: 3 }),
    ];
    await processor.handleEvents(consumed);
    // Courses run concurrently: read the outcomes in the order the events were consumed.
    const byKey = new Map(events.map((e) => [e.eventKey, e]));
    expect(consumed.map(liveEventKey).map((k) => byKey.get(k)).map((e) => [e?.eventName, e?.outcome, e?.reason])).toEqual([
      ['enrollment_created', 'ignored', expect.stringMatching(/SIS roster/)],
      ['outcome_proficiency_updated', 'ignored', 'the gradebook does not read outcome_proficiency_updated events'],
      ['grade_change', 'refused', 'not a valid grade_change event: body.assignment_id is missing'],
      ['grade_change', 'failed', expect.stringMatching(/does not exist/)],
    ]);
    expect(events).toHaveLength(4);
  });

  it('records a grade_override body labelled grade_change under the type its body is, with the label it carried', async () => {
    const { processor, events } = setup();
    await processor.handleEvents([record('grade_change', { score_id: '3', user_id: '47', course_id: '5', grading_period_id: null, override_score: 91.5 })]);
    expect(events).toEqual([expect.objectContaining({ eventName: 'grade_override', labelledAs: 'grade_change', canvasCourseId: '5', outcome: 'failed' })]);
  });
});
