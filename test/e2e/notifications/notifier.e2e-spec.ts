import { createHmac, timingSafeEqual } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GradebookWriteOutcomes, LoadResult, SyncRunEvent } from '@rp/messaging';
import { Topics } from '@rp/messaging';
import { AppProcess, E2eEnv, freePort, OpsResult, REPO_ROOT, waitFor } from '../support';

/**
 * The notifier as a real process against the shared Kafka, registry and PostgreSQL: webhooks added with `ops
 * notifications add`, a held plan and a failed run published as the loader and the extractor publish them, grade-write
 * outcomes as the gradebook writer publishes them (refusals above the tenant's rate), an IC secret about to expire; a
 * local receiver verifies each request's signature. After a restart, the same records replayed send nothing again.
 */
const SECRET = 'whsec-e2e-0123456789abcdef';
const TENANT = 'notify';
const DAY_MS = 86_400_000;
const SECRET_EXPIRES = new Date(Math.ceil((Date.now() + 3 * DAY_MS) / 1000) * 1000).toISOString();

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What every receiver does with X-RP-Signature: HMAC-SHA256 over "<t>.<body>" with the shared secret. */
function signatureValid(secret: string, body: string, header: string | undefined): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

describe('notifier end to end: signed webhooks, each notification once across restarts and replays', () => {
  const env = new E2eEnv('notifier');
  const received: Received[] = [];
  let receiver: Server;
  let receiverUrl: string;
  let notifier: AppProcess;

  const failedRun = (runId: string): SyncRunEvent => ({
    tenant: TENANT, runId, kind: 'full', stage: 'extractor', phase: 'failed', at: new Date().toISOString(), counts: {},
    message: `tenant ${TENANT}: run ${runId} failed at /users: HTTP 500 from the OneRoster provider; it runs again at the next schedule`,
  });
  const heldRows = (planId: string): LoadResult[] => ['e1', 'e2', 'e3'].map((sisId) => ({
    tenant: TENANT, canvasType: 'enrollment', sisId: `${planId}-${sisId}`, syncRun: 'run-1', importId: null, outcome: 'held', at: new Date().toISOString(), planId,
    message: `tenant ${TENANT}: 3 destructive row(s) held in plan ${planId} (deleted enrollment in school S1 > 2); inspect with \`ops plans show ${planId}\`, then approve or reject`,
  }));

  // one window (the same `at`): 13 writes, 3 refused (too few writes), then 22 writes, 7 refused (32 % ≥ 20 %)
  const windowAt = new Date().toISOString();
  const outcomes = (batchId: string, written: number, refused: string[]): GradebookWriteOutcomes => ({
    tenant: TENANT, batchId, at: windowAt, written,
    refused: refused.map((id) => ({ kind: 'result', sourcedId: id, contentHash: `h-${id}`, reason: `IC refused the result (HTTP 422): student ${id} is not enrolled` })),
  });
  const gradeBatches = [outcomes('b1', 10, ['r1', 'r2', 'r3']), outcomes('b2', 5, ['r4', 'r5', 'r6', 'r7'])];

  async function publishOutcomes(list: GradebookWriteOutcomes[]): Promise<void> {
    const publisher = await env.publisher();
    await publisher.publish(env.topic(Topics.gradebookWriteOutcomes), list.map((o) => ({ key: o.tenant, value: o, tenant: o.tenant })));
  }

  async function publish(runs: SyncRunEvent[], results: LoadResult[]): Promise<void> {
    const publisher = await env.publisher();
    await publisher.publish(env.topic(Topics.syncRuns), runs.map((r) => ({ key: `${r.tenant}|${r.runId}`, value: r, tenant: r.tenant, syncRun: r.runId })));
    await publisher.publish(env.topic(Topics.loadResults), results.map((r) => ({ key: `${r.tenant}|${r.canvasType}|${r.sisId}`, value: r, tenant: r.tenant })));
  }

  function ops(args: string[]): Promise<OpsResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ops/src/main.ts', ...args], {
        cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
        env: env.appEnv({ LOG_LEVEL: 'warn', NOTIFICATION_WEBHOOK_SECRET: SECRET, NOTIFICATIONS_ALLOW_HTTP_LOOPBACK: 'true' }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const ofPath = (path: string) => received.filter((r) => r.path === path);
  const kinds = (path: string) => ofPath(path).map((r) => (JSON.parse(r.body) as { kind: string; details: Record<string, string> }))
    .map((b) => `${b.kind}:${b.details.planId ?? b.details.runId}`).sort();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    await env.createTenant({
      id: TENANT, name: 'Notify District',
      ic: { baseUrl: 'https://ic.example/ims/oneroster/rostering/v1p2', tokenUrl: 'https://ic.example/token', clientId: 'c', clientSecret: 's', clientSecretExpiresAt: SECRET_EXPIRES },
      canvas: { baseUrl: 'https://notify.instructure.com', rootAccountId: '1', token: 't' },
    });
    notifier = new AppProcess('notifier', await freePort(), env.appEnv({ NOTIFICATIONS_ALLOW_HTTP_LOOPBACK: 'true', NOTIFIER_POLL_MS: '200', NOTIFIER_RETRY_BASE_MS: '200', NOTIFIER_DAILY_SUMMARY_HOUR: '0', NOTIFIER_EXPIRY_CHECK_MS: '500' }), env.logDir);
    await notifier.start();
  }, 180_000);

  afterAll(async () => {
    await notifier?.kill('SIGTERM');
    await new Promise((resolve) => receiver?.close(resolve));
    await env.cleanup();
  }, 120_000);

  it('adds webhooks with the ops CLI; lists show hosts, never the secret path', async () => {
    const json = await ops(['notifications', 'add', '--tenant', TENANT, '--url', `${receiverUrl}/json/secret-path-1`, '--format', 'json', '--events', 'plan-held,run-failed']);
    expect(json.code).toBe(0);
    const slack = await ops(['notifications', 'add', '--tenant', TENANT, '--url', `${receiverUrl}/slack/secret-path-2`, '--format', 'slack', '--events', 'plan-held']);
    expect(slack.code).toBe(0);
    const summary = await ops(['notifications', 'add', '--tenant', TENANT, '--url', `${receiverUrl}/summary/secret-path-3`, '--events', 'daily-summary']);
    expect(summary.code).toBe(0);
    const alerts = await ops(['notifications', 'add', '--tenant', TENANT, '--url', `${receiverUrl}/alerts/secret-path-5`, '--events', 'passback-refusals,credentials-expiring']);
    expect(alerts.code).toBe(0);
    // nothing listens on this one: its deliveries wait and retry, the others go out regardless
    const dead = await ops(['notifications', 'add', '--tenant', TENANT, '--url', `http://127.0.0.1:${await freePort()}/dead`, '--events', 'run-failed']);
    expect(dead.code).toBe(0);
    const listed = await ops(['notifications', 'list', '--tenant', TENANT, '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(receiverUrl);
    expect(listed.stdout).not.toMatch(/secret-path/);
  }, 120_000);

  it('sends one signed notification per held plan and per failed run, to each subscribed webhook in its format', async () => {
    await publish([failedRun('run-1')], heldRows('plan-1'));
    await waitFor('the held plan and the failed run at the JSON webhook, the held plan at the Slack one',
      () => ofPath('/json/secret-path-1').length >= 2 && ofPath('/slack/secret-path-2').length >= 1, { timeoutMs: 120_000, describe: () => notifier.tail() });
    expect(kinds('/json/secret-path-1')).toEqual(['plan-held:plan-1', 'run-failed:run-1']);
    for (const r of received) expect(signatureValid(SECRET, r.body, r.headers['x-rp-signature'] as string)).toBe(true);
    expect(signatureValid('another-secret-0123456789', received[0].body, received[0].headers['x-rp-signature'] as string)).toBe(false);
    const slack = JSON.parse(ofPath('/slack/secret-path-2')[0].body) as { text: string; blocks: unknown[] };
    expect(slack.text).toContain(`tenant ${TENANT}: plan plan-1 held`);
    expect(slack.blocks.length).toBeGreaterThan(0);
  }, 180_000);

  it('sends one notification for passback refusals above the rate and one for the IC secret about to expire', async () => {
    await publishOutcomes(gradeBatches);
    await waitFor('the refusal rate and the expiry notice at the alerts webhook', () => ofPath('/alerts/secret-path-5').length >= 2,
      { timeoutMs: 120_000, describe: () => notifier.tail() });
    for (const r of ofPath('/alerts/secret-path-5')) expect(signatureValid(SECRET, r.body, r.headers['x-rp-signature'] as string)).toBe(true);
    const bodies = ofPath('/alerts/secret-path-5').map((r) => JSON.parse(r.body) as { kind: string; title: string; details: Record<string, string> })
      .sort((a, b) => a.kind.localeCompare(b.kind));
    expect(bodies).toMatchObject([
      { kind: 'credentials-expiring', details: { credential: 'ic-client-secret', expiresAt: SECRET_EXPIRES, thresholdDays: '14' } },
      { kind: 'passback-refusals', details: { writes: '22', refused: '7' } },
    ]);
    expect(bodies[1].title).toBe(`tenant ${TENANT}: IC refused 32% of grade writes since ${bodies[1].details.windowStart}`);
  }, 180_000);

  it('after a restart, the same records replayed send nothing twice; new facts still go out', async () => {
    await notifier.restart('SIGTERM');
    await publish([failedRun('run-1')], heldRows('plan-1'));
    await publishOutcomes(gradeBatches);
    // the new facts are published after the replayed ones, on the same partitions (keys carry the tenant)
    await publish([failedRun('run-2')], heldRows('plan-2'));
    // the daily summary (hour 0: yesterday's is due at once) is stored at the first tick that sees its webhook
    await waitFor('the new plan and run at the JSON webhook, and the daily summary', () => ofPath('/json/secret-path-1').length >= 4 && ofPath('/slack/secret-path-2').length >= 2 && ofPath('/summary/secret-path-3').length >= 1,
      { timeoutMs: 120_000, describe: () => notifier.tail() });
    const outbox = await env.query<{ n: number; sent: number }>('notifier', 'SELECT count(*)::int AS n, count(sent_at)::int AS sent FROM notifier_outbox');
    expect(outbox).toEqual([{ n: 11, sent: 9 }]);
    // the dead endpoint's two failed-run deliveries: tried, failing, scheduled again — not given up, not blocking
    const waiting = await waitFor('both deliveries to the dead endpoint tried and rescheduled', async () => {
      const rows = await env.query<{ attempts: number; gave_up_at: Date | null; last_error: string | null }>('notifier',
        "SELECT attempts, gave_up_at, last_error FROM notifier_outbox WHERE sent_at IS NULL AND kind = 'run-failed'");
      return rows?.length === 2 && rows.every((r) => r.last_error !== null) ? rows : false;
    }, { timeoutMs: 60_000, describe: () => notifier.tail() });
    for (const row of waiting) expect(row).toMatchObject({ attempts: expect.any(Number), gave_up_at: null, last_error: expect.stringMatching(/request failed/) });
    expect(kinds('/json/secret-path-1')).toEqual(['plan-held:plan-1', 'plan-held:plan-2', 'run-failed:run-1', 'run-failed:run-2']);
    expect(ofPath('/slack/secret-path-2')).toHaveLength(2);
    const [summary] = ofPath('/summary/secret-path-3').map((r) => JSON.parse(r.body) as { kind: string; tenant: string; details: Record<string, string> });
    expect(summary).toMatchObject({ kind: 'daily-summary', tenant: TENANT, details: { day: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) } });
    expect(ofPath('/summary/secret-path-3')).toHaveLength(1);
    // b3 follows the replayed b1 and b2 on the tenant's partition: once it is counted, so were they — once
    await publishOutcomes([outcomes('b3', 1, [])]);
    const counted = await waitFor('the outcome published after the replay counted', async () => {
      const rows = await env.query<{ writes: number; refused: number }>('notifier', 'SELECT sum(writes)::int AS writes, sum(refused)::int AS refused FROM notifier_passback_outcomes');
      return rows?.[0]?.writes === 23 ? rows[0] : false;
    }, { timeoutMs: 60_000, describe: () => notifier.tail() });
    expect(counted).toEqual({ writes: 23, refused: 7 });
    // the restarted notifier's first tick checked the expiry dates again (before it consumed anything): nothing new
    expect(ofPath('/alerts/secret-path-5')).toHaveLength(2);
    const ids = received.map((r) => r.headers['x-rp-notification-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(notifier.log()).not.toMatch(/secret-path/);
  }, 240_000);
});
