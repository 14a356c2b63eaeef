import { startCanvasSimulator, type CanvasSimulator } from '../index';
import { api, csv, importAndWait, zipOf } from '../testing/test-kit';

/**
 * How Canvas addresses an account (docs/canvas.md §3.1): by numeric id, `self` (the domain's root account) or
 * `sis_account_id:…` — not by uuid, which only identifies it (Live Events' `root_account_uuid`); `GET /api/v1/accounts`
 * lists the accounts the token manages, uuid included, so a client holding a uuid can find the id.
 */
const T = 'tok-acme';

describe('Canvas simulator account addressing, as Canvas answers it', () => {
  let sim: CanvasSimulator;
  let uuid: string;

  beforeAll(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: [T] }], throttle: false });
    await importAndWait(sim, 'acme', T, zipOf({ 'courses.csv': csv('course_id,short_name,long_name,status', 'PUB,P,Published,published') }));
    uuid = (await api(sim, T, '/api/v1/accounts/self')).body.uuid;
  });
  afterAll(() => sim.close());

  it('answers the root account by id and by self, and its courses by id', async () => {
    const self = (await api(sim, T, '/api/v1/accounts/self')).body;
    expect(uuid).toMatch(/\w{20,}/);
    expect((await api(sim, T, `/api/v1/accounts/${self.id}`)).body).toMatchObject({ id: self.id, uuid });
    expect(((await api(sim, T, `/api/v1/accounts/${self.id}/courses`)).body as { sis_course_id: string }[]).map((c) => c.sis_course_id)).toEqual(['PUB']);
  });

  it('answers 404 to the uuid used as an id, for the account and its courses', async () => {
    expect((await api(sim, T, `/api/v1/accounts/${uuid}`)).status).toBe(404);
    expect((await api(sim, T, `/api/v1/accounts/${uuid}/courses`)).status).toBe(404);
  });

  it('lists the accounts the token manages with their uuids', async () => {
    const listed = (await api(sim, T, '/api/v1/accounts')).body as { id: number; uuid: string }[];
    expect(listed.map((a) => a.uuid)).toContain(uuid);
  });
});
