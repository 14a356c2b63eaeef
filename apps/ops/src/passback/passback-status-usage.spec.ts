import { ExitCode } from '../ops-errors';
import { buildProgram, runCli } from '../cli/run-cli';

/** `ops passback status` usage, checked before any service is touched (no services here). */
async function ops(args: string[]) {
  let stderr = '';
  const code = await runCli(['node', 'ops', 'passback', 'status', '--tenant', 'acme', ...args], buildProgram, {
    env: { SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }, stdout: () => undefined, stderr: (text) => (stderr += text),
  });
  return { code, stderr };
}

describe('ops passback status usage', () => {
  it.each([
    [['--outcome', 'lost'], /--outcome must be one of written, unchanged, refused, ignored, waiting, failed/],
    [['--since', 'yesterday'], /--since must be an ISO 8601 time \(e\.g\. 2026-12-01T08:00:00Z\), not "yesterday"/],
    [['--class', 'c1', '--student', 's1'], /at most one of --class/],
    [['--class', 'c1', '--outcome', 'failed'], /--outcome and --since list events: use them without --class\/--student/],
    [['--status', 'sent'], /--status filters grades of a --class or --student; events take --outcome/],
  ])('%j is a user error (exit 1) saying what to give', async (args, message) => {
    const { code, stderr } = await ops(args);
    expect(code).toBe(ExitCode.userError);
    expect(stderr).toMatch(message);
  });
});
