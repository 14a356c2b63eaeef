import { Command } from 'commander';
import { GradebookOutcomeEntity, GradebookRepository, gradebookStore } from '@rp/persistence';
import { formatTable } from '../cli/table';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';

/** One grade or lineItem as an admin sees it. */
export interface PassbackStatusRow {
  kind: string;
  status: string;
  class: string | null;
  student: string | null;
  canvasCourse: string | null;
  canvasAssignment: string | null;
  lineItem: string | null;
  result: string | null;
  reason: string | null;
  updatedAt: string;
}

/** Outcome rows for display and `--json`. */
export function passbackStatusRows(outcomes: GradebookOutcomeEntity[]): PassbackStatusRow[] {
  return outcomes.map((o) => ({
    kind: o.kind, status: o.status, class: o.classSourcedId, student: o.studentSourcedId, canvasCourse: o.canvasCourseId,
    canvasAssignment: o.canvasAssignmentId, lineItem: o.lineItemSourcedId, result: o.resultSourcedId, reason: o.reason,
    updatedAt: new Date(o.updatedAt).toISOString(),
  }));
}

/** A table, one line per grade/lineItem, with a count per status on top. */
export function formatPassbackStatus(rows: PassbackStatusRow[]): string {
  if (rows.length === 0) return 'no grade passback activity recorded for this selection';
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const summary = [...counts].map(([status, n]) => `${status}: ${n}`).join(', ');
  const table = formatTable(
    ['KIND', 'STATUS', 'CLASS', 'STUDENT', 'CANVAS ASSIGNMENT', 'UPDATED', 'REASON'],
    rows.map((r) => [r.kind, r.status, r.class ?? '-', r.student ?? '-', r.canvasAssignment ? `${r.canvasCourse}/${r.canvasAssignment}` : '-', r.updatedAt, r.reason ?? '']),
  );
  return [summary, ...waitingForIcLine(rows), table].join('\n');
}

/**
 * Writes waiting because IC is unavailable are retried until IC answers (never dead-lettered, ADR 0050); their
 * last retry time says the writer is still at it.
 */
function waitingForIcLine(rows: PassbackStatusRow[]): string[] {
  const waiting = rows.filter((r) => r.status === 'waiting' && r.reason?.startsWith('IC is unavailable'));
  if (waiting.length === 0) return [];
  const last = waiting.map((r) => r.updatedAt).sort().at(-1);
  return [`${waiting.length} waiting for IC to answer (last retry ${last}): the writer retries them until IC is back; ` +
    'nothing is dead-lettered (rp_stalled_seconds{stage="gradebook-writer"} shows how long)'];
}

/** `ops passback status`: per grade and lineItem, whether it reached IC and why not (gradebook_outcomes). */
export function registerPassbackCommands(program: Command, ctx: OpsContext): void {
  const passback = program.command('passback').description('grade passback to Infinite Campus');
  passback
    .command('status')
    .description('each grade/lineItem of a class or student with its status (sent, refused, held, skipped, failed, waiting) and reason')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--class <sourcedId>', 'OneRoster class sourcedId')
    .option('--student <sourcedId>', 'OneRoster student sourcedId')
    .option('--status <status>', 'only this status')
    .action(async (opts: { tenant: string; class?: string; student?: string; status?: string }) => {
      if (!opts.class === !opts.student) throw new UserError('give exactly one of --class <sourcedId> or --student <sourcedId>');
      const statuses = ['sent', 'refused', 'held', 'skipped', 'failed', 'waiting'];
      if (opts.status && !statuses.includes(opts.status)) throw new UserError(`--status must be one of ${statuses.join(', ')}`);
      await (await ctx.tenants()).get(opts.tenant);
      const repo = new GradebookRepository(await ctx.dataSource(gradebookStore));
      const outcomes = await repo.outcomes(opts.tenant, {
        classSourcedId: opts.class, studentSourcedId: opts.student, status: opts.status as GradebookOutcomeEntity['status'] | undefined,
      });
      ctx.out(passbackStatusRows(outcomes), formatPassbackStatus);
    });
}
