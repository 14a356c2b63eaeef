import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { send } from './testing/sim-client';

/** The simulator starts with one command and serves a generated district. */
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

it('starts from the CLI, prints its URLs and serves the generated district', async () => {
  child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'main.ts'), '--size', 'tiny', '--seed', '3', '--port', '0'], {
    cwd: join(__dirname, '../../../..'),
    env: { ...process.env, ONEROSTER_SIM_CLIENT_SECRET: 'from-env' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const started = JSON.parse(line);
  expect(started.counts).toMatchObject({ schools: 3, students: 60 });

  const token = await send(started.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('rp-client:from-env').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  expect(token.status).toBe(200);
  const schools = await send(`${started.rosteringUrl}/schools`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
  expect(schools.body.orgs).toHaveLength(3);
}, 30_000);
