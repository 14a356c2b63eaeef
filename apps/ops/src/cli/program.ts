import { Command } from 'commander';
import type { DefaultOpsContext } from '../ops-context';
import { platformVersion } from './platform-version';

/** The root `ops` command: global `--json`, errors thrown (not exited) so main maps them to exit codes. */
export function createRootCommand(ctx: DefaultOpsContext): Command {
  const program = new Command('ops')
    .description('Operate the rostering platform: migrations, tenants, syncs, runs, dead letters, held plans')
    .option('--json', 'machine-readable output (one JSON document per line on stdout)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .version(platformVersion(), '--version', 'the platform version this CLI belongs to')
    // with --json, errors are printed once, as JSON, by runCli
    .configureOutput({ writeOut: ctx.stdout, writeErr: (text) => (ctx.json ? undefined : ctx.stderr(text)) })
    .exitOverride();
  program.hook('preAction', (_root, action) => {
    ctx.setJson(Boolean(action.optsWithGlobals().json));
  });
  return program;
}

/** Every subcommand throws instead of exiting too (commander applies exitOverride per command). */
export function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}
