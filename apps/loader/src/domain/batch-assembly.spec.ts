import { assembleBatch, waitingMessage } from './batch-assembly';
import { shouldCloseBatch } from './batch-trigger';
import type { LoaderRow } from './loader-row';

const row = (canvasType: string, sisId: string, cells: Record<string, string>, op = 'upsert'): LoaderRow => ({
  canvasType, sisId, row: { status: op === 'delete' ? 'deleted' : 'active', ...cells }, op, hash: `h-${sisId}`, school: 'S1',
});
const account = row('account', 'S1', { account_id: 'S1', parent_account_id: '' });
const term = row('term', 'T1', { term_id: 'T1' });
const course = row('course', 'C1', { course_id: 'C1', account_id: 'S1', term_id: 'T1' });
const section = row('section', 'C1', { section_id: 'C1', course_id: 'C1' });
const user = row('user', 'U1', { user_id: 'U1' });
const enrollment = row('enrollment', 'C1:U1:student', { section_id: 'C1', user_id: 'U1', course_id: 'C1', role: 'student' });
const observer = row('user_observer', 'P1:U1', { observer_id: 'P1', student_id: 'U1' });

describe('assembleBatch', () => {
  it.each([
    ['a whole new school in one batch is ready', [account, term, course, section, user, enrollment], [], [], []],
    ['an enrollment whose user is neither applied nor in the batch waits for it', [enrollment], ['section|C1', 'course|C1'], [], ['enrollment|C1:U1:student<-user U1']],
    ['an enrollment waits for its user; applied section/course suffice', [section, enrollment], ['course|C1'], ['section|C1'], ['enrollment|C1:U1:student<-user U1']],
    ['a waiting course makes its section and enrollments wait too', [course, section, user, enrollment], ['account|S1'], ['user|U1'], ['course|C1<-term T1', 'section|C1<-course C1', 'enrollment|C1:U1:student<-section C1, course C1']],
    ['children listed before parents still resolve', [enrollment, section, course, user, term], ['account|S1'], [], []],
    ['an observer link waits for the observer', [observer], ['user|U1'], [], ['user_observer|P1:U1<-user P1']],
    ['a course in the root account with the default term needs nothing', [row('course', 'C2', { course_id: 'C2', account_id: '', term_id: '' })], [], [], []],
    ['deletes never wait', [row('enrollment', 'C9:U9:student', { section_id: 'C9', user_id: 'U9', role: 'student' }, 'delete')], [], [], []],
  ])('%s', (_name, candidates, applied, expectReadyOnly, expectWaiting) => {
    const appliedKeys = new Set(applied as string[]);
    const batch = assembleBatch(candidates as LoaderRow[], (key) => appliedKeys.has(key));
    expect(batch.waiting.map((w) => `${w.row.canvasType}|${w.row.sisId}<-${w.waitingFor.map((r) => `${r.canvasType} ${r.sisId}`).join(', ')}`)).toEqual(expectWaiting);
    const waitingKeys = new Set(batch.waiting.map((w) => `${w.row.canvasType}|${w.row.sisId}`));
    expect(batch.ready).toEqual((candidates as LoaderRow[]).filter((c) => !waitingKeys.has(`${c.canvasType}|${c.sisId}`)));
    for (const key of expectReadyOnly as string[]) expect(batch.ready.map((r) => `${r.canvasType}|${r.sisId}`)).toContain(key);
  });

  it('names the tenant, the row and what it waits for', () => {
    const [waiting] = assembleBatch([enrollment], () => false).waiting;
    expect(waitingMessage('acme', waiting)).toBe(
      'tenant acme: enrollment C1:U1:student waits for user U1, section C1, course C1 (neither applied in Canvas nor in this batch); it is imported once they are',
    );
  });
});

describe('shouldCloseBatch', () => {
  const now = new Date('2026-01-01T00:00:10Z');
  const limits = { maxRows: 100, maxWaitMs: 5000 };
  it.each([
    ['nothing pending', 0, null, false],
    ['few rows, young', 5, '2026-01-01T00:00:08Z', false],
    ['few rows, the oldest waited long enough', 5, '2026-01-01T00:00:05Z', true],
    ['enough rows, young', 100, '2026-01-01T00:00:09Z', true],
  ])('%s', (_name, count, oldest, close) => {
    expect(shouldCloseBatch({ count: count as number, oldest: oldest ? new Date(oldest as string) : null }, limits, now)).toBe(close);
  });
});
