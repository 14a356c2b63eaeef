import { generateDistrict, type District } from '@rp/fixtures';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { ROSTER_ROUTES } from './rostering.collections';
import { SimClient } from './testing/sim-client';
import { SpecValidator } from './testing/spec-validator';
import { ALL_SCOPES, SCOPE_PREFIX } from './options';

/** Every endpoint the simulator serves, checked against the official 1EdTech OneRoster 1.2 OpenAPI schemas. */
const spec = new SpecValidator();
let district: District;
let sim: OneRosterSimulator;
let client: SimClient;
let ids: Record<string, string>;

const toSpecPath = (pattern: string) => pattern.replace(':id', '{sourcedId}').replace(/:([A-Za-z]+)/g, '{$1}');

beforeAll(async () => {
  district = generateDistrict({ seed: 11, size: 'tiny' });
  sim = await startOneRosterSimulator({ district });
  client = new SimClient(sim);
  await client.authenticate();
  const active = district.enrollments.filter((e) => e.status === 'active');
  const klass = district.classes.find((c) =>
    active.some((e) => e.classSourcedId === c.sourcedId && e.role === 'student') && active.some((e) => e.classSourcedId === c.sourcedId && e.role === 'teacher'))!;
  const student = active.find((e) => e.classSourcedId === klass.sourcedId && e.role === 'student')!.userSourcedId;
  const teacher = active.find((e) => e.classSourcedId === klass.sourcedId && e.role === 'teacher')!.userSourcedId;
  ids = {
    classSourcedId: klass.sourcedId, courseSourcedId: klass.courseSourcedId, schoolSourcedId: klass.schoolSourcedId,
    studentSourcedId: student, teacherSourcedId: teacher, userSourcedId: student, termSourcedId: klass.termSourcedIds[0],
  };
});
afterAll(() => sim.close());

function singleId(pattern: string): string {
  const root = pattern.split('/')[1];
  const session = (type: string) => district.academicSessions.find((s) => s.type === type)!.sourcedId;
  const byRoot: Record<string, () => string> = {
    academicSessions: () => session('schoolYear'), terms: () => session('term'), gradingPeriods: () => session('gradingPeriod'),
    orgs: () => district.orgs[0].sourcedId, schools: () => ids.schoolSourcedId, courses: () => ids.courseSourcedId,
    classes: () => ids.classSourcedId, users: () => district.users.find((u) => u.roles[0].role === 'parent')!.sourcedId,
    students: () => ids.studentSourcedId, demographics: () => ids.studentSourcedId, teachers: () => ids.teacherSourcedId, enrollments: () => district.enrollments[0].sourcedId,
  };
  return byRoot[root]();
}

function concretePath(pattern: string): string {
  return pattern.replace(':id', singleId(pattern)).replace(/:([A-Za-z]+)/g, (_, name: string) => ids[name]);
}

describe('rostering service', () => {
  it('serves every operation of the official rostering spec', () => {
    const specPaths = Object.keys(spec.specs.rostering.paths);
    expect(ROSTER_ROUTES.map((r) => toSpecPath(r.pattern)).sort()).toEqual(specPaths.sort());
  });

  it.each(ROSTER_ROUTES.map((r) => [r.pattern, r] as const))('GET %s returns a body that matches the spec', async (pattern, route) => {
    const res = await client.roster(`${concretePath(pattern)}${route.list ? '?limit=1000' : ''}`);
    expect(res.status).toBe(200);
    const schema = spec.responseSchema('rostering', toSpecPath(pattern), 'GET', 200);
    expect(spec.errors('rostering', schema, res.body)).toEqual([]);
    if (route.list) {
      expect(res.body[route.key].length).toBeGreaterThan(0);
      expect(Number(res.headers.get('x-total-count'))).toBe(res.body[route.key].length);
      expect(res.headers.get('link')).toContain('rel="first"');
    }
  });

  const errorCases: [string, () => Promise<{ status: number; body: unknown }>, number, string][] = [
    ['unknown sourcedId', () => client.roster('/users/no-such-user'), 404, '/users/{sourcedId}'],
    ['unknown parent in a scoped path', () => client.roster('/schools/no-such-school/classes'), 404, '/schools/{schoolSourcedId}/classes'],
    ['invalid filter field', () => client.roster(`/users?filter=${encodeURIComponent("shoeSize='9'")}`), 400, '/users'],
    ['unparsable filter', () => client.roster(`/users?filter=${encodeURIComponent("givenName'x'")}`), 400, '/users'],
    ['invalid selection field', () => client.roster('/classes?fields=sourcedId,colour'), 400, '/classes'],
    ['missing token', () => new SimClient(sim).roster('/orgs'), 401, '/orgs'],
  ];
  it.each(errorCases)('%s → imsx error payload per the spec', async (_name, call, status, specPath) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(spec.errors('rostering', spec.responseSchema('rostering', specPath, 'GET', status), res.body)).toEqual([]);
  });

  it('refuses a scoped path to a roster-core token with 403 forbidden', async () => {
    const core = new SimClient(sim);
    await core.authenticate([`${SCOPE_PREFIX}roster-core.readonly`]);
    expect((await core.roster('/orgs')).status).toBe(200);
    const res = await core.roster(`/classes/${ids.classSourcedId}/students`);
    expect(res.status).toBe(403);
    expect(spec.errors('rostering', spec.responseSchema('rostering', '/classes/{classSourcedId}/students', 'GET', 403), res.body)).toEqual([]);
  });

  it('serves demographics only to a token with roster-demographics.readonly', async () => {
    const roster = new SimClient(sim);
    await roster.authenticate([`${SCOPE_PREFIX}roster.readonly`]);
    const res = await roster.roster('/demographics');
    expect(res.status).toBe(403);
    expect((await client.roster(`/demographics/${ids.studentSourcedId}`)).body.demographics.sourcedId).toBe(ids.studentSourcedId);
  });

  it('answers 429 with Retry-After and a spec-shaped body when throttling', async () => {
    sim.admin.setFaults({ throttleNext: 1, retryAfterSeconds: 7 });
    const res = await client.roster('/orgs');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(spec.errors('rostering', spec.responseSchema('rostering', '/orgs', 'GET', 429), res.body)).toEqual([]);
  });
});

describe('gradebook service', () => {
  const lineItemId = 'li-contract-1';
  const resultId = 'res-contract-1';
  const href = (kind: string, id: string) => `${kind === 'category' || kind === 'lineItem' ? sim.gradebookUrl : sim.rosteringUrl}/${{ class: 'classes', org: 'orgs', user: 'users', category: 'categories', lineItem: 'lineItems', academicSession: 'academicSessions' }[kind]}/${id}`;
  const gref = (type: string, sourcedId: string) => ({ href: href(type, sourcedId), sourcedId, type });
  const validate = (path: string, method: string, status: number, body: unknown) =>
    expect(spec.errors('gradebook', spec.responseSchema('gradebook', path, method, status), body)).toEqual([]);

  it('upserts a line item and a result, serves every read, then deletes them — all per the spec', async () => {
    const cats = await client.gradebook('GET', `/classes/${ids.classSourcedId}/categories`);
    validate('/classes/{classSourcedId}/categories', 'GET', 200, cats.body);
    const category = cats.body.categories[0].sourcedId;
    const gradingPeriod = district.academicSessions.find((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === ids.schoolSourcedId)!.sourcedId;
    const lineItem = {
      lineItem: {
        sourcedId: lineItemId, status: 'active', dateLastModified: '2026-09-01T00:00:00Z', title: 'Essay 1',
        assignDate: '2026-09-01T00:00:00Z', dueDate: '2026-09-15T23:59:00Z', class: gref('class', ids.classSourcedId),
        school: gref('org', ids.schoolSourcedId), category: gref('category', category), gradingPeriod: gref('academicSession', gradingPeriod),
        resultValueMin: 0, resultValueMax: 100,
      },
    };
    expect(spec.errors('gradebook', 'SingleLineItemDType', lineItem)).toEqual([]);
    expect((await client.gradebook('PUT', `/lineItems/${lineItemId}`, lineItem)).status).toBe(201);
    expect((await client.gradebook('PUT', `/lineItems/${lineItemId}`, lineItem)).status).toBe(200);
    const result = {
      result: {
        sourcedId: resultId, status: 'active', dateLastModified: '2026-09-16T00:00:00Z', lineItem: gref('lineItem', lineItemId),
        student: gref('user', ids.studentSourcedId), scoreStatus: 'fully graded', score: 93.5, scoreDate: '2026-09-16', late: 'true',
      },
    };
    expect(spec.errors('gradebook', 'SingleResultDType', result)).toEqual([]);
    expect((await client.gradebook('PUT', `/results/${resultId}`, result)).status).toBe(201);
    const category2 = { category: { sourcedId: 'cat-contract', status: 'active', dateLastModified: '2026-09-01T00:00:00Z', title: 'Labs', weight: 10 } };
    expect((await client.gradebook('PUT', '/categories/cat-contract', category2)).status).toBe(201);

    const reads: [string, string][] = [
      ['/categories', '/categories'], [`/categories/${category}`, '/categories/{sourcedId}'],
      ['/lineItems', '/lineItems'], [`/lineItems/${lineItemId}`, '/lineItems/{sourcedId}'],
      ['/results', '/results'], [`/results/${resultId}`, '/results/{sourcedId}'],
      [`/classes/${ids.classSourcedId}/lineItems`, '/classes/{classSourcedId}/lineItems'],
      [`/classes/${ids.classSourcedId}/results`, '/classes/{classSourcedId}/results'],
      [`/classes/${ids.classSourcedId}/lineItems/${lineItemId}/results`, '/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results'],
      [`/classes/${ids.classSourcedId}/students/${ids.studentSourcedId}/results`, '/classes/{classSourcedId}/students/{studentSourcedId}/results'],
    ];
    for (const [path, specPath] of reads) {
      const res = await client.gradebook('GET', path);
      expect([path, res.status]).toEqual([path, 200]);
      validate(specPath, 'GET', 200, res.body);
    }
    const scoped = await client.gradebook('GET', `/classes/${ids.classSourcedId}/lineItems/${lineItemId}/results`);
    expect(scoped.body.results.map((r: { score: number }) => r.score)).toEqual([93.5]);

    expect((await client.gradebook('DELETE', `/results/${resultId}`)).status).toBe(204);
    const gone = await client.gradebook('GET', `/results/${resultId}`);
    expect(gone.status).toBe(404);
    validate('/results/{sourcedId}', 'GET', 404, gone.body);
    expect((await client.gradebook('DELETE', `/lineItems/${lineItemId}`)).status).toBe(204);
    expect((await client.gradebook('GET', `/classes/${ids.classSourcedId}/lineItems`)).body.lineItems).toEqual([]);
  });

  it('refuses calls without x-vendor-authorization with a spec-shaped 401', async () => {
    const res = await client.gradebook('GET', '/categories', undefined, { 'x-vendor-authorization': '' });
    expect(res.status).toBe(401);
    validate('/categories', 'GET', 401, res.body);
  });

  it('refuses a line item on the 1.1 placeholder category with a spec-shaped 422', async () => {
    const res = await client.gradebook('PUT', '/lineItems/li-bad', {
      lineItem: {
        title: 'Quiz', assignDate: '2026-09-01T00:00:00Z', dueDate: '2026-09-02T00:00:00Z', class: { sourcedId: ids.classSourcedId },
        school: { sourcedId: ids.schoolSourcedId }, category: { sourcedId: '11111111-1111-1111-1111-111111111111' },
      },
    });
    expect(res.status).toBe(422);
    validate('/lineItems/{sourcedId}', 'PUT', 422, res.body);
  });

  it('grants only the scopes a client asked for', async () => {
    const readOnly = new SimClient(sim);
    await readOnly.authenticate([`${SCOPE_PREFIX}gradebook.readonly`]);
    const res = await readOnly.gradebook('DELETE', '/lineItems/whatever');
    expect(res.status).toBe(403);
    validate('/lineItems/{sourcedId}', 'DELETE', 403, res.body);
    expect(ALL_SCOPES).toContain(`${SCOPE_PREFIX}gradebook.delete`);
  });
});
