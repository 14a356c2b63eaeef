import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import { type CanvasEntityChange, canvasKey, canvasTopic } from '@rp/messaging';
import { eventually, gradebookIntKit, TENANT } from '../testing/gradebook-int-kit';

jest.setTimeout(120_000);

describe('gradebook: a processor started after the roster records were published rebuilds its roster from canvas.* (ADR 0091)', () => {
  // The student's Canvas user exists, but Canvas has not imported their enrollment: only the SIS roster knows it.
  const kit = gradebookIntKit({ name: 'gbr', withheldCount: 1 });
  const { teacher, course, user } = kit;

  it('knows the enrollment at start and writes the grade (Canvas does not list the student: without the roster it would wait)', async () => {
    const [late] = kit.klass.withheld;
    const classId = kit.klass.klass.sourcedId;
    const row = { course_id: classId, section_id: classId, user_id: late, role: 'student', status: 'active' };
    const change: CanvasEntityChange = {
      tenant: TENANT, canvasType: 'enrollment', sisId: `${classId}|${late}|student`, op: 'upsert', syncRun: 'run-1', contentHash: 'h1',
      school: null, row, sources: [],
    };
    await kit.processorRuntime.publisher.publish(kit.processorRuntime.topic(canvasTopic('enrollment')), [{ key: canvasKey(TENANT, 'enrollment', change.sisId), value: change, tenant: TENANT }]);
    // The running processor consumed (and committed) the record; its successor's group starts after it.
    await eventually(() => expect(kit.processor.processor!.roster.stateOf(TENANT, { classSourcedId: classId, via: 'section' }, late)).toBe('active'));

    await kit.restartProcessor();
    expect(kit.processor.processor!.roster.stateOf(TENANT, { classSourcedId: classId, via: 'section' }, late)).toBe('active');
    expect(kit.processor.processor!.roster.stateOf(TENANT, { classSourcedId: classId, via: 'course' }, late)).toBe('active');

    const essay = teacher().createAssignment(course(), { name: 'Essay 2', pointsPossible: 20, dueAt: '2026-11-20T18:00:00Z', postToSis: true });
    const resultId = resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), late);
    teacher().grade(course(), essay.id, user(late), { score: 15 });

    await eventually(() => expect(kit.lastResult(resultId).score).toBe(15));
    expect(await kit.outcome(resultId)).toMatchObject({ status: 'sent', studentSourcedId: late, classSourcedId: classId });
  });
});
