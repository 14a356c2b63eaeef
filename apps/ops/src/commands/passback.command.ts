import { Command } from 'commander';
import { EVENT_OUTCOMES, type EventOutcome, GradebookEventLog, GradebookOutcomeEntity, GradebookRepository, gradebookStore } from '@rp/persistence';
import { formatTable } from '../cli/table';
import { formatEventOutcomes } from '../passback/event-outcomes-view';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { activeStalls, stallSection } from '../stalls/active-stalls';
import { readStallReports } from '../stalls/read-stalls';

/** The services grade passback goes through. */
const PASSBACK_STAGE = /^(gradebook|events-gateway)/;

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
  return [summary, ...waitingForIcLine(rows), ...waitingForRosterLine(rows), table].join('\n');
}

/** Grades waiting for a student's enrollment (ADR 0090): sent as soon as the SIS roster says it. */
function waitingForRosterLine(rows: PassbackStatusRow[]): string[] {
  const waiting = rows.filter((r) => r.status === 'waiting' && r.reason?.startsWith('waiting for the enrollment of'));
  if (waiting.length === 0) return [];
  const classes = new Set(waiting.map((r) => r.class)).size;
  return [`${waiting.length} waiting for an enrollment (${classes} class${classes === 1 ? '' : 'es'}): sent as soon as the SIS roster ` +
    '(the next sync\'s canvas.enrollments) has the student in the class; check the student is enrolled there in IC'];
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
    .description(
      'without --class/--student: every Live Event of the tenant with its one outcome (written, unchanged, refused, ignored, waiting, failed) and reason; ' +
      'with --class or --student: each grade/lineItem with its status (sent, refused, held, skipped, failed, waiting) and reason',
    )
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--class <sourcedId>', 'OneRoster class sourcedId')
    .option('--student <sourcedId>', 'OneRoster student sourcedId')
    .option('--status <status>', 'grades: only this status')
    .option('--outcome <outcome>', `events: only this outcome (${EVENT_OUTCOMES.join(', ')})`)
    .option('--since <iso>', 'events: only those recorded at or after this ISO 8601 time')
    .action(async (opts: { tenant: string; class?: string; student?: string; status?: string; outcome?: string; since?: string }) => {
      if (opts.class && opts.student) throw new UserError('give at most one of --class <sourcedId> or --student <sourcedId>');
      const byGrade = !!(opts.class || opts.student);
      if (byGrade && (opts.outcome || opts.since)) throw new UserError('--outcome and --since list events: use them without --class/--student (grades take --status)');
      if (!byGrade && opts.status) throw new UserError('--status filters grades of a --class or --student; events take --outcome');
      const statuses = ['sent', 'refused', 'held', 'skipped', 'failed', 'waiting'];
      if (opts.status && !statuses.includes(opts.status)) throw new UserError(`--status must be one of ${statuses.join(', ')}`);
      if (opts.outcome && !EVENT_OUTCOMES.includes(opts.outcome as EventOutcome)) throw new UserError(`--outcome must be one of ${EVENT_OUTCOMES.join(', ')}`);
      const since = opts.since === undefined ? undefined : new Date(opts.since);
      if (since && Number.isNaN(since.getTime())) throw new UserError(`--since must be an ISO 8601 time (e.g. 2026-12-01T08:00:00Z), not "${opts.since}"`);
      await (await ctx.tenants()).get(opts.tenant);
      const store = await ctx.dataSource(gradebookStore);
      if (!byGrade) {
        const events = await new GradebookEventLog(store).list(opts.tenant, { outcome: opts.outcome as EventOutcome | undefined, since });
        return ctx.out(events, formatEventOutcomes);
      }
      const outcomes = await new GradebookRepository(store).outcomes(opts.tenant, {
        classSourcedId: opts.class, studentSourcedId: opts.student, status: opts.status as GradebookOutcomeEntity['status'] | undefined,
      });
      const now = new Date();
      const stalls = ctx.json ? [] : activeStalls(await readStallReports(ctx, { tenant: opts.tenant }), now, { tenant: opts.tenant, stage: (s) => PASSBACK_STAGE.test(s) });
      ctx.out(passbackStatusRows(outcomes), (rows) => [
        ...stallSection(stalls, now, 'grade passback stalled now (retried until the dependency is back; nothing is dead-lettered):'),
        formatPassbackStatus(rows),
      ].join('\n'));
    });
}
