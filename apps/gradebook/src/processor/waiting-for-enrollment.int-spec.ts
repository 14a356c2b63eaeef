import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import { type CanvasEntityChange, canvasKey, canvasTopic } from '@rp/messaging';
import { eventually, gradebookIntKit, TENANT } from '../testing/gradebook-int-kit';

jest.setTimeout(120_000);

describe('gradebook: a grade waits for its student\'s enrollment (canvas.enrollments) instead of failing, then reaches IC', () => {
  // The first student's Canvas user exists, but their enrollment has not reached Canvas (nor the gradebook) yet.
  const kit = gradebookIntKit({ name: 'gbw', dropCount: 1, withheldCount: 1 });
  const { teacher, course, user, puts } = kit;
  const lastScore = (resultId: string) => kit.lastResult(resultId).score;

  it('records the grade as waiting with the reason, writes nothing, and writes it once the enrollment record arrives', async () => {
    const [late] = kit.klass.withheld;
    const [enrolled] = kit.klass.students;
    const essay = teacher().createAssignment(course(), { name: 'Essay 1', pointsPossible: 20, dueAt: '2026-11-20T18:00:00Z', postToSis: true });
    const resultOf = (student: string) => resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), student);
    teacher().grade(course(), essay.id, user(enrolled), { score: 16 });
    teacher().grade(course(), essay.id, user(late), { score: 14 });

    // The enrolled student's grade lands; the other one waits, saying for what (what `ops passback status` shows).
    await eventually(() => expect(lastScore(resultOf(enrolled))).toBe(16));
    const waiting = await eventually(async () => {
      const outcome = await kit.processor.repo.outcome(TENANT, resultOf(late));
      expect(outcome).toMatchObject({ status: 'waiting', studentSourcedId: late, classSourcedId: kit.klass.klass.sourcedId });
      return outcome!;
    });
    expect(waiting.reason).toMatch(new RegExp(`^waiting for the enrollment of student ${late} in class ${kit.klass.klass.sourcedId}: .*canvas\\.enrollments`));
    expect(puts('results').filter((w) => w.sourcedId === resultOf(late))).toEqual([]);

    // The transformer publishes the enrollment (the loader imports it into Canvas later): the waiting grade proceeds.
    const row = { course_id: kit.klass.klass.sourcedId, section_id: kit.klass.klass.sourcedId, user_id: late, role: 'student', status: 'active' };
    const change: CanvasEntityChange = {
      tenant: TENANT, canvasType: 'enrollment', sisId: `${row.section_id}|${late}|student`, op: 'upsert', syncRun: 'run-1', contentHash: 'h1',
      school: null, row, sources: [],
    };
    await kit.processorRuntime.publisher.publish(kit.processorRuntime.topic(canvasTopic('enrollment')), [{ key: canvasKey(TENANT, 'enrollment', change.sisId), value: change, tenant: TENANT }]);
    await eventually(() => expect(lastScore(resultOf(late))).toBe(14));
    await eventually(async () => expect(await kit.processor.repo.outcome(TENANT, resultOf(late))).toMatchObject({ status: 'sent' }));
  });
});
