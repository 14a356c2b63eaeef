import { Command } from 'commander';
import type { ParkedListing } from '@rp/persistence';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { ParkedStore, registerParkedCommands } from './parked.command';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const rows: ParkedListing[] = [
  { type: 'enrollment', sourcedId: 'e-1', state: 'waiting', waitingFor: ['class:c-404'], since: hoursAgo(30),
    message: 'tenant acme: enrollment e-1 waits for class c-404 (not yet received)' },
  { type: 'enrollment', sourcedId: 'e-9', state: 'blocked', waitingFor: ['class:c-9'], since: hoursAgo(40),
    message: 'tenant acme: enrollment e-9 is blocked by deleted class c-9 (tobedeleted in IC) and was never in Canvas, so nothing is sent for it' },
  { type: 'class', sourcedId: 'c-2', state: 'waiting', waitingFor: ['settings:mapping'], since: hoursAgo(1), message: 'tenant acme: mapping settings invalid' },
];

function harness(json = false) {
  const printed: unknown[] = [];
  const parked = jest.fn<ReturnType<ParkedStore['parked']>, Parameters<ParkedStore['parked']>>(async (_tenant, options = {}) =>
    rows.filter((r) => (!options.state || r.state === options.state) && (!options.sourcedId || r.sourcedId === options.sourcedId) && (!options.since || r.since < options.since)));
  const store: ParkedStore = {
    parked,
    flagAfterHours: async (tenant) => {
      if (tenant !== 'acme') throw new UserError(`tenant ${tenant} not found`);
      return 24;
    },
  };
  const ctx = { json, out: (value: unknown, human?: (v: unknown) => string) => printed.push(json || !human ? value : human(value)) } as unknown as OpsContext;
  const program = new Command('ops').exitOverride();
  registerParkedCommands(program, ctx, async () => store);
  return { printed, parked, run: (...args: string[]) => program.parseAsync(['node', 'ops', ...args]) };
}

describe('ops parked', () => {
  it('lists each parked record with its state, since when, a flag past the tenant setting and why', async () => {
    const { printed, run } = harness();
    await run('parked', 'list', '--tenant', 'acme');
    const text = printed[0] as string;
    expect(text).toMatch(/enrollment\s+e-1\s+waiting\s+\S+\s+waiting > 24 h\s+waits for class c-404$/m);
    expect(text).toMatch(/enrollment\s+e-9\s+blocked\s+\S+\s+blocked by deleted class c-9; nothing sent$/m);
    expect(text).toMatch(/class\s+c-2\s+waiting\s+\S+\s+waits: the tenant's mapping settings are unusable$/m);
    expect(text).toContain('ops parked show --tenant acme <type> <sourcedId>');
  });

  it('--flagged lists only records waiting past the threshold; --json gives the rows', async () => {
    const { printed, run, parked } = harness(true);
    await run('parked', 'list', '--tenant', 'acme', '--flagged');
    expect(parked.mock.calls[0][1]).toMatchObject({ state: 'waiting' });
    const out = printed[0] as { rows: { sourcedId: string; flagged: boolean; waitingOn: string[] }[] };
    expect(out.rows).toEqual([expect.objectContaining({ sourcedId: 'e-1', flagged: true, waitingOn: ['class:c-404'] })]);
  });

  it('shows one record in full, and says so when it is not parked', async () => {
    const { printed, run } = harness();
    await run('parked', 'show', 'enrollment', 'e-9', '--tenant', 'acme');
    expect(printed[0]).toContain('enrollment e-9 (tenant acme): blocked');
    expect(printed[0]).toContain('blocked by: class:c-9');
    expect(printed[0]).toContain('was never in Canvas, so nothing is sent for it');
    await expect(run('parked', 'show', 'enrollment', 'e-404', '--tenant', 'acme')).rejects.toThrow(
      'tenant acme: enrollment e-404 is not parked (list them with `ops parked list --tenant acme`)',
    );
  });

  it('refuses an unknown state as a usage error naming the allowed ones', async () => {
    const { run } = harness();
    await expect(run('parked', 'list', '--tenant', 'acme', '--state', 'stuck')).rejects.toThrow('--state must be one of waiting, blocked (got "stuck")');
  });
});
