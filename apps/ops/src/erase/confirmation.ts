import { createInterface } from 'node:readline';
import { UserError } from '../ops-errors';

/**
 * Proceeds with `--yes`, or when the operator types `expected` at a terminal prompt; refuses otherwise (a script
 * must say --yes, nothing destructive happens by default).
 */
export async function confirmDestruction(what: string, expected: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UserError(`${what} cannot be undone; add --yes to confirm (or run it in a terminal and type ${expected})`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question(`${what} cannot be undone. Type ${expected} to confirm: `, resolve));
  rl.close();
  if (answer.trim() !== expected) throw new UserError(`not confirmed (typed "${answer.trim()}", expected ${expected}); nothing was erased`);
}
