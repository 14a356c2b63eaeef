import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { send, SimClient } from './testing/sim-client';

let sim: OneRosterSimulator;
let client: SimClient;

beforeAll(async () => {
  sim = await startOneRosterSimulator({});
  client = new SimClient(sim);
  await client.authenticate();
});
afterAll(() => sim.close());

const get = async (path: string) => send(sim.rosteringUrl + path, { headers: { authorization: `Bearer ${client.token}` } });

it('serves seeded raw wire records verbatim and in order, however broken (no sourcedId, a duplicate one, nulls, wrong types)', async () => {
  const records = [
    { sourcedId: 'o-1', status: 'active', dateLastModified: '2026-01-01T00:00:00Z', name: 'Ok', type: 'school', identifier: '1' },
    { status: 'active', name: 'No id', type: 'school' },
    { sourcedId: 'o-1', status: 'archived', dateLastModified: 'yesterday', name: null, type: 42 },
    { sourcedId: 'o-3', status: 'active', dateLastModified: '2026-01-01T00:00:00Z', name: { nested: true }, type: 'district', extra: 'kept' },
  ];
  sim.admin.seedRawWire('orgs', records);
  const list = await get('/orgs?limit=10');
  expect(list.status).toBe(200);
  expect(list.body.orgs).toEqual(records);
  const one = await get('/orgs/o-3');
  expect(one.body.org).toEqual(records[3]);
});
