import { Command, CommanderError } from 'commander';
import { redactText } from '@rp/config';
import { registerDlqCommands } from '../commands/dlq.command';
import { registerEraseCommands } from '../commands/erase.command';
import { registerMigrateCommand } from '../commands/migrate.command';
import { registerNotificationsCommands } from '../commands/notifications.command';
import { registerPassbackCommands } from '../commands/passback.command';
import { registerParkedCommands } from '../commands/parked.command';
import { registerPlansCommands } from '../commands/plans.command';
import { registerReplayCommand } from '../commands/replay.command';
import { registerRunsCommands } from '../commands/runs.command';
import { registerDbCommands } from '../commands/db-roles.command';
import { registerSecretsCommands } from '../commands/secrets.command';
import { registerSyncCommand } from '../commands/sync.command';
import { registerTenantsCommands } from '../commands/tenants.command';
import { registerWhyCommand } from '../commands/why.command';
import { DefaultOpsContext, OpsContextOptions } from '../ops-context';
import { ExitCode, exitCodeOf } from '../ops-errors';
import { namedServiceFailure, ServiceUnavailableError } from '../service-failure';
import { applyExitOverride, createRootCommand } from './program';

/** The whole `ops` command tree over one context. */
export function buildProgram(ctx: DefaultOpsContext): Command {
  const program = createRootCommand(ctx);
  registerMigrateCommand(program, ctx);
  registerTenantsCommands(program, ctx);
  registerSecretsCommands(program, ctx);
  registerDbCommands(program, ctx);
  registerSyncCommand(program, ctx);
  registerRunsCommands(program, ctx);
  registerDlqCommands(program, ctx);
  registerPassbackCommands(program, ctx);
  registerPlansCommands(program, ctx);
  registerParkedCommands(program, ctx);
  registerReplayCommand(program, ctx);
  registerEraseCommands(program, ctx);
  registerNotificationsCommands(program, ctx);
  registerWhyCommand(program, ctx);
  applyExitOverride(program);
  return program;
}

/** Parses `argv`, runs the command, reports a failure on stderr and returns the exit code; always closes the context. */
export async function runCli(
  argv: string[],
  build: (ctx: DefaultOpsContext) => Command,
  options: OpsContextOptions = {},
): Promise<number> {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  let ctx: DefaultOpsContext | undefined;
  try {
    ctx = new DefaultOpsContext(options);
    // known before parsing, so a usage error (which runs no action) is reported in the form asked for too
    ctx.setJson(argv.includes('--json'));
    await build(ctx).parseAsync(argv);
    // a command that printed its result but must still fail (a failed check, an incomplete erasure) sets process.exitCode
    return process.exitCode ? Number(process.exitCode) : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed usage or the parse error (not with --json: see createRootCommand)
      if (['commander.helpDisplayed', 'commander.version'].includes(error.code)) return ExitCode.ok;
      if (ctx?.json) stderr(`${JSON.stringify({ error: error.message.replace(/^error: /, ''), exitCode: ExitCode.userError })}\n`);
      return ExitCode.userError;
    }
    const failure = namedServiceFailure(error, ctx?.env ?? options.env ?? process.env) ?? error;
    const code = exitCodeOf(failure);
    const message = redactText(failure instanceof Error ? failure.message : String(failure));
    const hint = code === ExitCode.systemError && !(failure instanceof ServiceUnavailableError) ? ' (a system failure: check the services and retry; LOG_LEVEL=debug shows more)' : '';
    if (ctx?.json) stderr(`${JSON.stringify({ error: message, exitCode: code })}\n`);
    else stderr(`ops: ${message}${hint}\n`);
    ctx?.logger.debug('command failed', { err: error });
    return code;
  } finally {
    await ctx?.close();
  }
}
