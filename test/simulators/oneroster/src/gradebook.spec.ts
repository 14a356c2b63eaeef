import { generateDistrict, type District } from '@rp/fixtures';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { SimClient } from './testing/sim-client';

let district: District;
let sim: OneRosterSimulator;
let client: SimClient;
let klass: District['classes'][number];
let student: string;
let outsider: string;
let category: string;

beforeAll(async () => {
  district = generateDistrict({ seed: 6, size: 'tiny' });
  sim = await startOneRosterSimulator({ district, now: () => new Date('2026-10-01T12:00:00Z') });
  client = new SimClient(sim);
  await client.authenticate();
  const enrolled = (c: string) => district.enrollments.filter((e) => e.classSourcedId === c && e.role === 'student' && e.status === 'active');
  klass = district.classes.find((c) => enrolled(c.sourcedId).length > 1)!;
  student = enrolled(klass.sourcedId)[0].userSourcedId;
  outsider = district.users.find((u) => u.roles[0].role === 'student' && !enrolled(klass.sourcedId).some((e) => e.userSourcedId === u.sourcedId))!.sourcedId;
  category = district.categories.find((c) => c.classSourcedId === klass.sourcedId)!.sourcedId;
});
afterAll(() => sim.close());

const lineItem = (title: string, extra: Record<string, unknown> = {}) => ({
  lineItem: {
    title, assignDate: '2026-09-20T00:00:00Z', dueDate: '2026-09-30T23:59:00Z', class: { sourcedId: klass.sourcedId },
    school: { sourcedId: klass.schoolSourcedId }, category: { sourcedId: category }, resultValueMin: 0, resultValueMax: 10, ...extra,
  },
});
const result = (lineItemId: string, who: string, score: number) => ({
  result: { lineItem: { sourcedId: lineItemId }, student: { sourcedId: who }, scoreStatus: 'fully graded', score, scoreDate: '2026-10-01T09:30:00Z', missing: false },
});

it('creates with 201, replaces with 200, and keeps the latest full object (GUIDRefs without href/type accepted)', async () => {
  expect((await client.gradebook('PUT', '/lineItems/li-1', lineItem('Quiz 1'))).status).toBe(201);
  const update = await client.gradebook('PUT', '/lineItems/li-1', lineItem('Quiz 1 (revised)'));
  expect(update.status).toBe(200);
  const read = await client.gradebook('GET', '/lineItems/li-1');
  expect(read.body.lineItem).toMatchObject({
    sourcedId: 'li-1', status: 'active', title: 'Quiz 1 (revised)', dateLastModified: '2026-10-01T12:00:00.000Z',
    class: { sourcedId: klass.sourcedId, type: 'class' }, category: { sourcedId: category, type: 'category' },
  });
  expect((await client.gradebook('PUT', '/results/r-1', result('li-1', student, 8))).status).toBe(201);
  expect((await client.gradebook('PUT', '/results/r-1', result('li-1', student, 9.5))).status).toBe(200);
  const results = await client.gradebook('GET', `/classes/${klass.sourcedId}/students/${student}/results`);
  expect(results.body.results).toEqual([expect.objectContaining({ score: 9.5, scoreDate: '2026-10-01', missing: 'false' })]);
});

it.each([
  ['a category of another class', () => lineItem('Quiz X', { category: { sourcedId: district.categories.find((c) => c.classSourcedId !== klass.sourcedId)!.sourcedId } }), 'not found for class'],
  ['an unknown class', () => lineItem('Quiz X', { class: { sourcedId: 'no-such-class' } }), 'not a known class'],
  ['no category', () => lineItem('Quiz X', { category: undefined }), 'category.sourcedId is required'],
  ['a body id that differs from the path', () => lineItem('Quiz X', { sourcedId: 'other-id' }), 'differs from the id in the path'],
])('refuses a line item with %s (422 naming the problem)', async (_name, body, message) => {
  const res = await client.gradebook('PUT', '/lineItems/li-bad', body());
  expect(res.status).toBe(422);
  expect(res.body.imsx_description).toContain(message);
});

it('refuses a score for a student not enrolled in the class', async () => {
  const res = await client.gradebook('PUT', '/results/r-out', result('li-1', outsider, 5));
  expect(res.status).toBe(422);
  expect(res.body.imsx_description).toContain('not actively enrolled');
});

it('refuses a score once the student has been dropped by the SIS', async () => {
  const other = district.enrollments.filter((e) => e.classSourcedId === klass.sourcedId && e.role === 'student' && e.status === 'active')[1];
  sim.admin.sis.dropEnrollment(other.sourcedId);
  expect((await client.gradebook('PUT', '/results/r-drop', result('li-1', other.userSourcedId, 5))).status).toBe(422);
});

it('records every write in order with the headers of interest, including refused ones', async () => {
  sim.admin.clearLogs();
  await client.gradebook('PUT', '/lineItems/li-2', lineItem('Quiz 2'), { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  await client.gradebook('PUT', '/results/r-2', result('li-2', outsider, 1));
  await client.gradebook('DELETE', '/lineItems/li-2');
  const writes = (await client.admin('GET', '/gradebook/writes')).body;
  expect(writes.map((w: { seq: number; method: string; kind: string; sourcedId: string; status: number }) => [w.seq, w.method, w.kind, w.sourcedId, w.status])).toEqual([
    [1, 'PUT', 'lineItems', 'li-2', 201],
    [2, 'PUT', 'results', 'r-2', 422],
    [3, 'DELETE', 'lineItems', 'li-2', 204],
  ]);
  expect(writes[0].headers).toMatchObject({ 'x-vendor-authorization': sim.vendorAuthorization, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  expect(writes[0].body.lineItem.title).toBe('Quiz 2');
});

it('deletes a line item with its results and answers 404 for an unknown one', async () => {
  expect((await client.gradebook('DELETE', '/lineItems/li-1')).status).toBe(204);
  expect((await client.gradebook('GET', '/results/r-1')).status).toBe(404);
  expect((await client.gradebook('DELETE', '/lineItems/li-1')).status).toBe(404);
});
