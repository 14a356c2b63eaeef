import { generateDistrict, type District } from '@rp/fixtures';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { SimClient } from './testing/sim-client';
import { SpecValidator } from './testing/spec-validator';

/** Quirk modes are deliberately non-conforming (or conforming-but-unusual); each is checked on its own. */
const spec = new SpecValidator();
let district: District;
let sim: OneRosterSimulator;
let client: SimClient;

beforeAll(async () => {
  district = generateDistrict({ seed: 5, size: 'tiny' });
  sim = await startOneRosterSimulator({ district });
  client = new SimClient(sim);
  await client.authenticate();
});
afterEach(() => sim.admin.setQuirks({ jsonBooleans: false, bareGuidRefs: false, extRoles: false }));
afterAll(() => sim.close());

it('jsonBooleans: enabledUser and primary arrive as JSON booleans, which the official schema rejects', async () => {
  sim.admin.setQuirks({ jsonBooleans: true });
  const users = await client.roster('/users?limit=1000');
  expect(new Set(users.body.users.map((u: { enabledUser: unknown }) => typeof u.enabledUser))).toEqual(new Set(['boolean']));
  const teachers = await client.roster(`/enrollments?limit=1000&filter=${encodeURIComponent("role='teacher'")}`);
  expect(teachers.body.enrollments.every((e: { primary: unknown }) => typeof e.primary === 'boolean')).toBe(true);
  expect(spec.errors('rostering', 'UserSetDType', users.body).join()).toContain('enabledUser');
});

it('jsonBooleans: filters still match the canonical string value', async () => {
  sim.admin.setQuirks({ jsonBooleans: true });
  const disabled = district.users.filter((u) => !u.enabledUser).length;
  const res = await client.roster(`/users?limit=1000&filter=${encodeURIComponent("enabledUser='false'")}`);
  expect(res.body.users).toHaveLength(disabled);
});

it('bareGuidRefs: references carry only sourcedId', async () => {
  sim.admin.setQuirks({ bareGuidRefs: true });
  const res = await client.roster('/enrollments?limit=5');
  for (const e of res.body.enrollments) {
    expect(Object.keys(e.user)).toEqual(['sourcedId']);
    expect(Object.keys(e.class)).toEqual(['sourcedId']);
  }
  expect(spec.errors('rostering', 'EnrollmentSetDType', res.body).join()).toContain('href');
});

it('extRoles: aide enrollments use ext:aide and aides the ext:paraprofessional user role', async () => {
  sim.admin.setQuirks({ extRoles: true });
  const aides = district.enrollments.filter((e) => e.role === 'proctor').length;
  expect(aides).toBeGreaterThan(0);
  const res = await client.roster('/enrollments?limit=1000');
  const roles = res.body.enrollments.map((e: { role: string }) => e.role);
  expect(roles.filter((r: string) => r === 'ext:aide')).toHaveLength(aides);
  expect(roles).not.toContain('proctor');
  const users = await client.roster('/users?limit=1000');
  expect(users.body.users.some((u: { roles: { role: string }[] }) => u.roles[0].role === 'ext:paraprofessional')).toBe(true);
  // ext: values are within the spec's extensible vocabularies.
  expect(spec.errors('rostering', 'EnrollmentSetDType', res.body)).toEqual([]);
});
