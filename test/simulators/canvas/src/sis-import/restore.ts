import type { RollbackEntry } from '../state/model';
import type { RootAccountState } from '../state/root-account-state';
import type { SisImportRecord } from './import-record';
import { transition } from './runner';

/** Puts one object back into a workflow state (previous 'non-existent' means: delete what the import created). */
function revert(state: RootAccountState, e: RollbackEntry, now: number): void {
  const to = e.previous === 'non-existent' ? 'deleted' : e.previous;
  switch (e.kind) {
    case 'user': {
      const u = state.users.get(e.id as number);
      if (u) Object.assign(u, { loginState: to, workflowState: to === 'deleted' ? 'deleted' : 'registered', updatedAt: now });
      return;
    }
    case 'observer': {
      const [o, s] = String(e.id).split(':').map(Number);
      const link = state.observerLinksOf(s).find((l) => l.observerId === o);
      if (link) link.workflowState = to as 'active' | 'deleted';
      return;
    }
    default: {
      const table = { account: state.accounts, term: state.terms, course: state.courses, section: state.sections, enrollment: state.enrollments }[e.kind];
      const row = table.get(e.id as number) as { workflowState: string; updatedAt?: number } | undefined;
      if (row) Object.assign(row, { workflowState: to, updatedAt: now });
    }
  }
}

/** PUT …/restore_states: undoes the batch's state changes (optionally only deletions or only conclusions). */
export function restoreStates(
  state: RootAccountState,
  rec: SisImportRecord,
  opts: { batchMode: boolean; undeleteOnly: boolean; unconcludeOnly: boolean },
  now: number,
): void {
  transition(state, rec, 'restoring', now);
  const entries = rec.rollback.filter((e) => {
    if (opts.undeleteOnly) return e.updated === 'deleted';
    if (opts.unconcludeOnly) return e.updated === 'completed';
    return true;
  });
  for (const e of [...entries].reverse()) revert(state, e, now);
  transition(state, rec, opts.undeleteOnly || opts.unconcludeOnly || opts.batchMode ? 'partially_restored' : 'restored', now);
}
