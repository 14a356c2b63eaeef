import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { generateDistrict } from '@rp/fixtures';
import { SCOPE_PREFIX } from './options';
import { send, SimClient } from './testing/sim-client';

let sim: OneRosterSimulator;
let clock = new Date('2026-09-01T08:00:00Z');

beforeAll(async () => {
  sim = await startOneRosterSimulator({
    district: generateDistrict({ seed: 2, size: 'tiny' }), tokenTtlSeconds: 600, now: () => clock,
    clients: [{ clientId: 'acme', clientSecret: 's3cret', scopes: [`${SCOPE_PREFIX}roster.readonly`] }],
  });
});
afterAll(() => sim.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
});

it('issues a Bearer token for HTTP Basic client credentials with the granted scopes and expiry', async () => {
  const client = new SimClient(sim, 'acme', 's3cret');
  const res = await client.authenticate([`${SCOPE_PREFIX}roster.readonly`]);
  expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: `${SCOPE_PREFIX}roster.readonly` });
  expect((await client.roster('/orgs')).status).toBe(200);
});

it('accepts credentials in the form body too', async () => {
  const res = await send(sim.tokenUrl, form({ grant_type: 'client_credentials', client_id: 'acme', client_secret: 's3cret' }));
  expect(res.status).toBe(200);
  expect(res.body.scope).toBe(`${SCOPE_PREFIX}roster.readonly`);
});

it.each([
  ['a wrong secret', sim_url, form({ grant_type: 'client_credentials', client_id: 'acme', client_secret: 'nope' }), 401, 'invalid_client'],
  ['a scope the client does not have', sim_url, form({ grant_type: 'client_credentials', client_id: 'acme', client_secret: 's3cret', scope: `${SCOPE_PREFIX}gradebook.delete` }), 400, 'invalid_scope'],
  ['another grant type', sim_url, form({ grant_type: 'password', client_id: 'acme', client_secret: 's3cret' }), 400, 'unsupported_grant_type'],
  ['no appName (IC: "No Campus Application selected")', () => sim.tokenUrl.split('?')[0], form({ grant_type: 'client_credentials', client_id: 'acme', client_secret: 's3cret' }), 400, 'invalid_request'],
])('refuses %s', async (_name, url, init, status, error) => {
  const res = await send(url(), init);
  expect(res.status).toBe(status);
  expect(res.body.error).toBe(error);
});

function sim_url() {
  return sim.tokenUrl;
}

it('answers 401 once the token has expired on the (injected) clock, and a fresh token works', async () => {
  const client = new SimClient(sim, 'acme', 's3cret');
  await client.authenticate([`${SCOPE_PREFIX}roster.readonly`]);
  clock = new Date(clock.getTime() + 601_000);
  const expired = await client.roster('/orgs');
  expect(expired.status).toBe(401);
  expect(expired.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
  await client.authenticate([`${SCOPE_PREFIX}roster.readonly`]);
  expect((await client.roster('/orgs')).status).toBe(200);
});

it('expires every token mid-run on request (admin), forcing a re-authentication', async () => {
  const client = new SimClient(sim, 'acme', 's3cret');
  await client.authenticate([`${SCOPE_PREFIX}roster.readonly`]);
  expect((await client.roster('/orgs')).status).toBe(200);
  expect((await client.admin('POST', '/tokens/expire')).status).toBe(200);
  expect((await client.roster('/orgs')).status).toBe(401);
});

it('serves the app-path URL form as well', async () => {
  const client = new SimClient(sim, 'acme', 's3cret');
  await client.authenticate([`${SCOPE_PREFIX}roster.readonly`]);
  const res = await send(`${sim.baseUrl}/campus/api/oneroster/v1p2/rostering/ims/oneroster/rostering/v1p2/schools`, { headers: { authorization: `Bearer ${client.token}` } });
  expect(res.status).toBe(200);
  expect(res.body.orgs).toHaveLength(3);
});
