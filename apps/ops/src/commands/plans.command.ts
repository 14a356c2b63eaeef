import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  LoaderPlan, LoaderPlanDecisionError, LoaderPlanItem, LoaderPlanKindError, LoaderPlanNotFoundError, LoaderPlanRepository, LoaderPlanStaleError, LoaderPlanStatus, loaderStore,
} from '@rp/persistence';
import { parsePositiveInt } from '../cli/json-option';
import { formatTable } from '../cli/table';
import type { OpsContext } from '../ops-context';
import { planCsvHeader, planCsvLines, PLAN_CSV_COLUMNS } from '../plans/plan-csv';
import { UserError } from '../ops-errors';

/** The plan operations the commands need (the loader's repository; a fake in tests). */
export type PlanStore = Pick<LoaderPlanRepository, 'list' | 'get' | 'items' | 'approve' | 'reject' | 'discard'>;

const STATUSES: LoaderPlanStatus[] = ['held', 'approved', 'rejected', 'applied', 'discarded'];
/** Rows read per query when exporting a plan. */
const EXPORT_PAGE = 1000;

/** `ops plans list|show|export|approve|discard|reject`: the loader's held plans (the loader acts on a decision at its next tick). */
export function registerPlansCommands(
  program: Command,
  ctx: OpsContext,
  storeOf: (ctx: OpsContext) => Promise<PlanStore> = async (c) => new LoaderPlanRepository(await c.dataSource(loaderStore)),
): void {
  const plans = program.command('plans').description('destructive changes held by the loader\'s safety gate, and previews of plan-only runs (`ops sync --full --plan`)');
  const run = async <T>(fn: (store: PlanStore) => Promise<T>): Promise<T> => {
    try {
      return await fn(await storeOf(ctx));
    } catch (error) {
      if (error instanceof LoaderPlanNotFoundError || error instanceof LoaderPlanDecisionError || error instanceof LoaderPlanKindError || error instanceof LoaderPlanStaleError) {
        throw new UserError(error.message);
      }
      throw error;
    }
  };

  plans.command('list').description('list plans, newest first')
    .option('--tenant <id>', 'only this tenant')
    .option('--status <status>', `only plans in this status (${STATUSES.join(', ')})`)
    .action(async (opts: { tenant?: string; status?: string }) => {
      if (opts.status && !STATUSES.includes(opts.status as LoaderPlanStatus)) throw new UserError(`--status must be one of ${STATUSES.join(', ')} (got "${opts.status}")`);
      ctx.out(await run((s) => s.list({ tenant: opts.tenant, status: opts.status as LoaderPlanStatus | undefined })), formatPlanList);
    });

  plans.command('show <id>').description('counts per type and school, and the rows that would be deleted or dropped')
    .option('--offset <n>', 'skip this many rows', '0')
    .option('--limit <n>', 'rows per page', '50')
    .action(async (id: string, opts: { offset: string; limit: string }) => {
      const offset = opts.offset === '0' ? 0 : parsePositiveInt('offset', opts.offset);
      const limit = parsePositiveInt('limit', opts.limit);
      const shown = await run(async (s) => ({ plan: await s.get(id), items: await s.items(id, { offset, limit }), offset, limit }));
      ctx.out(shown, formatPlan);
    });

  plans.command('export <id>').description(`every row of a plan as CSV (columns: ${PLAN_CSV_COLUMNS.join(', ')})`)
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (id: string, opts: { out?: string }) => {
      const csv = await run(async (s) => {
        const plan = await s.get(id);
        let text = planCsvHeader();
        for (let offset = 0; offset < plan.itemCount; offset += EXPORT_PAGE) text += planCsvLines(plan, await s.items(id, { offset, limit: EXPORT_PAGE }));
        return { plan, text };
      });
      if (!opts.out) return ctx.out(csv.text, (text) => text);
      writeFileSync(opts.out, csv.text);
      ctx.out({ file: opts.out, rows: csv.plan.itemCount }, `wrote the ${csv.plan.itemCount} row(s) of plan ${id} to ${opts.out}`);
    });

  plans.command('approve <id>').description('release a held plan: its rows go into the tenant\'s next import')
    .option('--by <name>', 'who decided (recorded with the plan)', process.env.USER ?? 'ops')
    .action(async (id: string, opts: { by: string }) => {
      const plan = await run((s) => s.approve(id, opts.by));
      ctx.out(plan, (p) => `plan ${p.id} (tenant ${p.tenant}) approved by ${p.decidedBy}; the loader imports its ${p.itemCount} row(s) at its next tick`);
    });

  plans.command('discard <id>').description('discard a preview: nothing is sent; the tenant\'s next run takes its rows as its own (gated as usual)')
    .option('--by <name>', 'who decided (recorded with the plan)', process.env.USER ?? 'ops')
    .action(async (id: string, opts: { by: string }) => {
      const plan = await run((s) => s.discard(id, opts.by));
      ctx.out(plan, (p) => `preview ${p.id} (tenant ${p.tenant}) discarded by ${p.decidedBy}; Canvas is unchanged, and the tenant's next run decides its ${p.itemCount} row(s) afresh`);
    });

  plans.command('reject <id>').description('drop a held plan: nothing is sent; the same changes arriving again are held again')
    .option('--by <name>', 'who decided (recorded with the plan)', process.env.USER ?? 'ops')
    .action(async (id: string, opts: { by: string }) => {
      const plan = await run((s) => s.reject(id, opts.by));
      ctx.out(plan, (p) => `plan ${p.id} (tenant ${p.tenant}) rejected by ${p.decidedBy}; its ${p.itemCount} row(s) are dropped and not sent to Canvas`);
    });
}

/** Plans as a table. */
export function formatPlanList(plans: LoaderPlan[]): string {
  if (plans.length === 0) return 'no plans';
  return formatTable(['ID', 'TENANT', 'KIND', 'STATUS', 'ROWS', 'CREATED', 'DECIDED BY', 'OVER THRESHOLD'], plans.map((p) => [
    p.id, p.tenant, p.kind, p.status, String(p.itemCount), p.createdAt.toISOString(), p.decidedBy ?? '',
    p.summary.blackout ? `blackout ${p.summary.blackout}` : p.summary.exceeded.map((g) => `${g.canvasType}@${g.school ?? '-'} ${g.destructive}/${g.applied}`).join(', '),
  ]));
}

/** One plan: header, counts per type and school, then a page of its rows. */
export function formatPlan(shown: { plan: LoaderPlan; items: LoaderPlanItem[]; offset: number; limit: number }): string {
  const { plan, items, offset } = shown;
  const exceeded = new Set(plan.summary.exceeded.map((g) => `${g.canvasType}|${g.school}`));
  const header = `plan ${plan.id}  tenant ${plan.tenant}  ${plan.status}${plan.decidedBy ? ` by ${plan.decidedBy}` : ''}  created ${plan.createdAt.toISOString()}`;
  const lines = plan.summary.preview ? [
    `${header}  preview of plan-only run ${plan.summary.preview.runId} (nothing applied)`,
    '',
    formatTable(['TYPE', 'SCHOOL', 'CREATES', 'UPDATES', 'DROPS', 'SAMPLES'], plan.summary.preview.groups.map((g) => [
      g.canvasType, g.school ?? '-', String(g.creates), String(g.updates), String(g.drops),
      (['drops', 'creates', 'updates'] as const).filter((c) => g.samples[c].length > 0).map((c) => `${c}: ${g.samples[c].join(' ')}`).join('; '),
    ])),
  ] : [
    header,
    ...(plan.summary.blackout ? [`held because the tenant's blackout ${plan.summary.blackout} was in force`] : []),
    '',
    formatTable(['TYPE', 'SCHOOL', 'DESTRUCTIVE', 'APPLIED', 'OVER'], plan.summary.counts.map((g) => [
      g.canvasType, g.school ?? '-', g.earlierInRun ? `${g.destructive} (${g.earlierInRun} applied by earlier batches of the run)` : String(g.destructive), String(g.applied), exceeded.has(`${g.canvasType}|${g.school}`) ? 'yes' : '',
    ])),
  ];
  lines.push(
    '',
    `rows ${offset + 1}-${offset + items.length} of ${plan.itemCount}:`,
    formatTable(['TYPE', 'SIS ID', 'SCHOOL', 'STATUS'], items.map((i) => [i.canvasType, i.sisId, i.school ?? '-', i.row.status ?? i.op])),
  );
  if (offset + items.length < plan.itemCount) lines.push(`(next page: --offset ${offset + items.length})`);
  return lines.join('\n');
}
