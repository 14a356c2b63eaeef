import type { ImporterKind } from '../importer-kinds';
import { applyAccount, applyTerm } from './accounts-terms';
import { applyChangeSisId } from './change-sis-id';
import type { ApplyContext } from './context';
import { applyCourse, applySection, applyXlist } from './courses-sections';
import { applyEnrollment } from './enrollments';
import { applyUser, applyUserObserver } from './users-observers';

export type { ApplyContext, ImportOptions } from './context';

type Applier = (ctx: ApplyContext, row: Record<string, string>) => boolean;

const APPLIERS: Partial<Record<ImporterKind, Applier>> = {
  change_sis_id: applyChangeSisId,
  account: applyAccount,
  term: applyTerm,
  course: applyCourse,
  section: applySection,
  xlist: applyXlist,
  user: applyUser,
  enrollment: applyEnrollment,
  user_observer: applyUserObserver,
};

/** Applies one validated row; returns true when it counts as processed. */
export function applyRow(kind: ImporterKind, ctx: ApplyContext, row: Record<string, string>): boolean {
  const applier = APPLIERS[kind];
  if (!applier) {
    ctx.warn(`${kind} rows are not modelled by the Canvas simulator and were ignored`);
    return false;
  }
  return applier(ctx, row);
}
