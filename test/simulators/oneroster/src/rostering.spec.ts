import { generateDistrict, type District } from '@rp/fixtures';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { send, SimClient } from './testing/sim-client';

let district: District;
let sim: OneRosterSimulator;
let client: SimClient;
let clock = new Date('2026-09-01T08:00:00Z');

beforeAll(async () => {
  district = generateDistrict({ seed: 8, size: 'small' });
  sim = await startOneRosterSimulator({ district, now: () => clock, pageSizeCap: 1_000 });
  client = new SimClient(sim);
  await client.authenticate();
});
afterAll(() => sim.close());

/** Follows rel="next" until it is absent, as a careful consumer does. */
async function walk(first: string, key: string) {
  const seen: { sourcedId: string }[] = [];
  let url: string | undefined = sim.rosteringUrl + first;
  let pages = 0;
  while (url) {
    const res = await send(url, { headers: { authorization: `Bearer ${client.token}` } });
    expect(res.status).toBe(200);
    seen.push(...res.body[key]);
    pages++;
    url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return { seen, pages };
}

it('pages through every enrollment by following Link rel="next" without gaps or repeats', async () => {
  const { seen, pages } = await walk('/enrollments?limit=900', 'enrollments');
  expect(pages).toBe(Math.ceil(district.enrollments.length / 900));
  expect(seen.map((e) => e.sourcedId)).toEqual(district.enrollments.map((e) => e.sourcedId));
});

it('reports the filtered total in X-Total-Count and clamps limit to the page-size cap', async () => {
  const students = district.users.filter((u) => u.roles[0].role === 'student').length;
  const res = await client.roster('/students?limit=5000');
  expect(Number(res.headers.get('x-total-count'))).toBe(students);
  expect(res.body.users).toHaveLength(1_000);
});

it('filters with AND on nested fields and sorts descending', async () => {
  const school = district.orgs[1].sourcedId;
  const filter = encodeURIComponent(`school.sourcedId='${school}' AND role='teacher'`);
  const res = await client.roster(`/enrollments?limit=1000&filter=${filter}&sort=dateLastModified&orderBy=desc`);
  const expected = district.enrollments.filter((e) => e.schoolSourcedId === school && e.role === 'teacher');
  expect(res.body.enrollments).toHaveLength(expected.length);
  const dates = res.body.enrollments.map((e: { dateLastModified: string }) => e.dateLastModified);
  expect(dates).toEqual([...dates].sort().reverse());
});

it('returns only the requested fields', async () => {
  const res = await client.roster('/users?limit=3&fields=sourcedId,familyName');
  for (const u of res.body.users) expect(Object.keys(u).sort()).toEqual(['familyName', 'sourcedId']);
});

it('shows SIS changes in a dateLastModified delta, with deletions as tobedeleted', async () => {
  const watermark = '2026-09-01T00:00:00Z';
  const delta = () => client.roster(`/enrollments?limit=1000&filter=${encodeURIComponent(`dateLastModified>'${watermark}'`)}`);
  expect((await delta()).body.enrollments).toEqual([]);
  clock = new Date('2026-09-02T10:00:00Z');
  await client.authenticate(); // a day later the one-hour token has expired
  const student = district.users.find((u) => u.roles[0].role === 'student' && u.status === 'active')!;
  const dropped = district.enrollments.find((e) => e.userSourcedId === student.sourcedId && e.status === 'active')!;
  const otherClass = district.classes.find((c) => c.schoolSourcedId === student.primaryOrgSourcedId && !district.enrollments.some((e) => e.classSourcedId === c.sourcedId && e.userSourcedId === student.sourcedId))!;
  sim.admin.sis.dropEnrollment(dropped.sourcedId);
  const added = await client.admin('POST', '/enrollments', { userSourcedId: student.sourcedId, classSourcedId: otherClass.sourcedId });
  expect(added.status).toBe(201);
  await client.admin('POST', `/users/${student.sourcedId}/disable`);

  const changed = (await delta()).body.enrollments;
  expect(changed.map((e: { sourcedId: string; status: string }) => [e.sourcedId, e.status]).sort()).toEqual(
    [[dropped.sourcedId, 'tobedeleted'], [added.body.sourcedId, 'active']].sort(),
  );
  expect(changed.every((e: { dateLastModified: string }) => e.dateLastModified === '2026-09-02T10:00:00.000Z')).toBe(true);
  const users = await client.roster(`/users?filter=${encodeURIComponent(`dateLastModified>'${watermark}'`)}`);
  expect(users.body.users).toEqual([expect.objectContaining({ sourcedId: student.sourcedId, enabledUser: 'false' })]);
  const classStudents = await client.roster(`/classes/${otherClass.sourcedId}/students?limit=1000`);
  expect(classStudents.body.users.map((u: { sourcedId: string }) => u.sourcedId)).toContain(student.sourcedId);
});

it('marks a record tobedeleted through the admin HTTP API', async () => {
  const klass = district.classes[5];
  const res = await client.admin('DELETE', `/records/classes/${klass.sourcedId}`);
  expect(res.status).toBe(200);
  expect((await client.roster(`/classes/${klass.sourcedId}`)).body.class.status).toBe('tobedeleted');
});
