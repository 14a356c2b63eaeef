import type { ClassRecord, EnrollmentRecord, UserRecord } from '@rp/fixtures';
import { canvasSnapshot, diffViews, expectedCanvas, readTopic, rosterOf } from '../support';
import { provisioningHarness } from './harness';

/**
 * Acceptance: records that break the OneRoster 1.2 schema are dead-lettered with a reason naming the record
 * and field, the rest of the run completes into Canvas, and the run's counts (as `ops runs show` prints them)
 * report the invalid ones.
 */
describe('provisioning end to end: invalid OneRoster records', () => {
  const h = provisioningHarness({ name: 'invalid', district: { seed: 1 } });
  const { env } = h;

  it('dead-letters them with reasons, provisions everything else and counts them in the run status', async () => {
    const { store, sis } = h.acme.ic.admin;
    const classes = store.all('classes') as ClassRecord[];
    const student = (store.all('users') as UserRecord[]).find((u) => u.status === 'active' && u.roles[0].role === 'student')!;
    const template = classes[0];
    // An enrollment whose role is not in the 1.2 vocabulary (nor ext:…).
    const badEnrollment = sis.addEnrollment({ sourcedId: 'e2e-bad-role', userSourcedId: student.sourcedId, classSourcedId: classes[1].sourcedId, role: 'wizard' as EnrollmentRecord['role'] });
    // A class with an unknown classType; a valid enrollment into it must wait, not reach Canvas.
    const badClass = sis.add('classes', { ...template, sourcedId: 'e2e-bad-class', title: 'Bad class', classCode: 'BAD-1', classType: 'seminar' as ClassRecord['classType'] });
    sis.addEnrollment({ sourcedId: 'e2e-into-bad-class', userSourcedId: student.sourcedId, classSourcedId: badClass.sourcedId, role: 'student' });
    // A user without the required givenName.
    const badUser = sis.add('users', { ...student, sourcedId: 'e2e-bad-user', username: 'e2e.bad.user', givenName: undefined } as unknown as UserRecord);

    const runId = await h.pipeline.requestSync('acme', 'full');
    const run = await h.pipeline.waitForRun('acme', runId);
    expect(run.phase).toBe('finished');
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');

    // Everything valid is in Canvas; the refused records (and what depends on them) are not.
    const refused = new Set([badEnrollment.sourcedId, badClass.sourcedId, badUser.sourcedId]);
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), expectedCanvas(rosterOf(store), { refused }))).toEqual([]);

    // Dead letters: one per invalid record, each naming the record and the offending field.
    const letters = [
      ...(await readTopic(env, 'oneroster.enrollments.dlq')),
      ...(await readTopic(env, 'oneroster.classes.dlq')),
      ...(await readTopic(env, 'oneroster.users.dlq')),
    ];
    const text = (r: (typeof letters)[number]) => `${Object.values(r.headers).join(' ')} ${r.value?.toString('utf8') ?? ''}`;
    for (const [id, field] of [[badEnrollment.sourcedId, 'role'], [badClass.sourcedId, 'classType'], [badUser.sourcedId, 'givenName']]) {
      const mine = letters.filter((r) => text(r).includes(id));
      expect({ id, letters: mine.length }).toEqual({ id, letters: 1 });
      expect(Object.values(mine[0].headers).join(' ')).toContain(field);
    }
    expect(letters).toHaveLength(3);

    // The run status reports them, as an operator reads it.
    const shown = await h.pipeline.ops(['runs', 'show', runId, '--tenant', 'acme', '--json']);
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const summary = JSON.parse(shown.stdout.trim().split('\n').at(-1)!);
    const counts = summary.stages.extractor.counts as Record<string, number>;
    expect(counts['enrollment.invalid']).toBe(1);
    expect(counts['class.invalid']).toBe(1);
    expect(counts['user.invalid']).toBe(1);
    expect(counts['enrollment.emitted']).toBeGreaterThan(100);
    expect(summary.stages.extractor.phase).toBe('finished');
  }, 600_000);
});
