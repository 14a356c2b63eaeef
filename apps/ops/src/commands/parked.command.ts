import { Command } from 'commander';
import { resolveTenantMappingSettings } from '@rp/mapping';
import { ParkedState, TransformerRepository, transformerStore } from '@rp/persistence';
import { parsePositiveInt } from '../cli/json-option';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { formatParked, formatParkedList, parkedView } from '../parked/parked-view';

/** The reads `ops parked` needs (the transformer's repository and the tenant's settings; fakes in tests). */
export interface ParkedStore {
  parked: TransformerRepository['parked'];
  /** The tenant's `parking.flagAfterHours` (throws for an unknown tenant). */
  flagAfterHours(tenant: string): Promise<number>;
}

const STATES: ParkedState[] = ['waiting', 'blocked'];

async function defaultStore(ctx: OpsContext): Promise<ParkedStore> {
  const repository = new TransformerRepository(await ctx.dataSource(transformerStore));
  const tenants = await ctx.tenants();
  return {
    parked: (tenant, options) => repository.parked(tenant, options),
    flagAfterHours: async (tenant) => {
      const { mapping } = await tenants.get(tenant); // unknown tenant → exit 1 naming it
      try {
        return resolveTenantMappingSettings(tenant, mapping).parking.flagAfterHours;
      } catch {
        return resolveTenantMappingSettings(tenant, {}).parking.flagAfterHours; // invalid settings: parked rows say so
      }
    },
  };
}

/** `ops parked list|show --tenant T`: records the transformer holds back, why, on what and since when. */
export function registerParkedCommands(program: Command, ctx: OpsContext, storeOf: (ctx: OpsContext) => Promise<ParkedStore> = defaultStore): void {
  const parked = program.command('parked').description('records the transformer holds back: waiting for a parent or settings, or blocked by a deleted parent');
  const flagBefore = (hours: number) => new Date(Date.now() - hours * 3_600_000);

  parked.command('list').description('parked records of a tenant, oldest first')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--state <state>', `only ${STATES.join(' or ')} records`)
    .option('--flagged', "only records waiting longer than the tenant's parking.flagAfterHours")
    .option('--offset <n>', 'skip this many rows', '0')
    .option('--limit <n>', 'rows per page', '50')
    .action(async (opts: { tenant: string; state?: string; flagged?: boolean; offset: string; limit: string }) => {
      if (opts.state && !STATES.includes(opts.state as ParkedState)) throw new UserError(`--state must be one of ${STATES.join(', ')} (got "${opts.state}")`);
      const offset = opts.offset === '0' ? 0 : parsePositiveInt('offset', opts.offset);
      const limit = parsePositiveInt('limit', opts.limit);
      const store = await storeOf(ctx);
      const flagAfterHours = await store.flagAfterHours(opts.tenant);
      const state = opts.flagged ? 'waiting' : (opts.state as ParkedState | undefined);
      const rows = (await store.parked(opts.tenant, { state, offset, limit, ...(opts.flagged ? { since: flagBefore(flagAfterHours) } : {}) }))
        .map((row) => parkedView(row, flagBefore(flagAfterHours)));
      ctx.out({ tenant: opts.tenant, rows, offset, limit, flagAfterHours }, formatParkedList);
    });

  parked.command('show <type> <sourcedId>').description('one parked record: state, what it waits on or is blocked by, since when, the full reason')
    .requiredOption('--tenant <id>', 'the tenant')
    .action(async (type: string, sourcedId: string, opts: { tenant: string }) => {
      const store = await storeOf(ctx);
      const flagAfterHours = await store.flagAfterHours(opts.tenant);
      const [row] = await store.parked(opts.tenant, { type, sourcedId, limit: 1 });
      if (!row) throw new UserError(`tenant ${opts.tenant}: ${type} ${sourcedId} is not parked (list them with \`ops parked list --tenant ${opts.tenant}\`)`);
      ctx.out({ tenant: opts.tenant, flagAfterHours, ...parkedView(row, flagBefore(flagAfterHours)) }, formatParked);
    });
}
