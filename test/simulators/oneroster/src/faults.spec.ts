import { generateDistrict } from '@rp/fixtures';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { SimClient } from './testing/sim-client';

let sim: OneRosterSimulator;
let client: SimClient;

beforeAll(async () => {
  sim = await startOneRosterSimulator({ district: generateDistrict({ seed: 4, size: 'tiny' }) });
  client = new SimClient(sim);
  await client.authenticate();
});
afterEach(() => sim.admin.resetFaults());
afterAll(() => sim.close());

it('throttles the next N requests with 429 + Retry-After (set over the admin HTTP API), then recovers', async () => {
  expect((await client.admin('POST', '/faults', { throttleNext: 2, retryAfterSeconds: 3 })).status).toBe(200);
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await client.roster('/orgs')).status);
  expect(statuses).toEqual([429, 429, 200]);
});

it('fails the next request with a 500 imsx payload', async () => {
  sim.admin.setFaults({ serverErrorNext: 1 });
  const res = await client.roster('/orgs');
  expect(res.status).toBe(500);
  expect(res.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('internal_server_error');
  expect((await client.roster('/orgs')).status).toBe(200);
});

it('answers 503 with Retry-After to the next N requests when told (IC in maintenance)', async () => {
  sim.admin.setFaults({ serverErrorNext: 2, serverErrorStatus: 503, retryAfterSeconds: 5 });
  const refused = await client.roster('/orgs');
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect((await client.roster('/orgs')).status).toBe(503);
  expect((await client.roster('/orgs')).status).toBe(200);
});

it('truncates a page: fewer records than the limit while a next link and the real total remain', async () => {
  sim.admin.setFaults({ truncatePageNext: 1 });
  const res = await client.roster('/users?limit=20');
  expect(res.body.users).toHaveLength(10);
  expect(Number(res.headers.get('x-total-count'))).toBe(140);
  expect(res.headers.get('link')).toContain('offset=20>; rel="next"');
});

it('reports a wrong X-Total-Count', async () => {
  sim.admin.setFaults({ wrongTotalNext: 1 });
  const res = await client.roster('/users?limit=200');
  expect(res.body.users).toHaveLength(140);
  expect(Number(res.headers.get('x-total-count'))).toBeLessThan(140);
});

it('sends malformed JSON', async () => {
  sim.admin.setFaults({ malformedJsonNext: 1 });
  const res = await client.roster('/orgs');
  expect(res.status).toBe(200);
  expect(() => JSON.parse(res.text)).toThrow();
});

it('fails token requests on demand', async () => {
  sim.admin.setFaults({ tokenErrorNext: 1 });
  expect((await new SimClient(sim).authenticate()).status).toBe(500);
  expect((await new SimClient(sim).authenticate()).status).toBe(200);
});
