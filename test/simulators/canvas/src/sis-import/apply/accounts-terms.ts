import type { Account, Term } from '../../state/model';
import { dateOrNull, isBlank, setSticky, track, type ApplyContext } from './context';

type Row = Record<string, string>;

/** accounts.csv: a parent must already exist (earlier row or import). */
export function applyAccount(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  let parent: Account | undefined = state.rootAccount;
  if (!isBlank(r.parent_account_id)) {
    parent = state.bySis(state.accounts, r.parent_account_id);
    if (!parent) {
      ctx.warn(`Parent account didn't exist for ${r.account_id}`);
      return false;
    }
  }
  let account = state.bySis(state.accounts, r.account_id);
  const isNew = !account;
  if (!account) {
    if (isBlank(r.name)) {
      ctx.warn(`No name given for account ${r.account_id}, skipping`);
      return false;
    }
    account = {
      id: state.nextId('account'), sisId: r.account_id, integrationId: null, stuck: new Set(), sisImportId: ctx.importId,
      createdAt: ctx.now, updatedAt: ctx.now, name: r.name, parentId: parent.id, workflowState: 'active',
    };
    state.accounts.set(account.id, account);
  }
  const previous = isNew ? 'non-existent' : account.workflowState;
  if (!isBlank(r.name)) setSticky(ctx, account, 'name', r.name, isNew);
  setSticky(ctx, account, 'parentId', parent.id, isNew);
  if (!isBlank(r.integration_id)) account.integrationId = r.integration_id;
  if (/^deleted/i.test(r.status) && ctx.options.skipDeletes) return true;
  account.workflowState = /^deleted/i.test(r.status) ? 'deleted' : 'active';
  account.sisImportId = ctx.importId;
  account.updatedAt = ctx.now;
  track(ctx, 'account', account.id, previous, account.workflowState);
  return true;
}

/** terms.csv: an empty date clears it. */
export function applyTerm(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  let term = state.bySis(state.terms, r.term_id);
  if (!isBlank(r.date_override_enrollment_type)) {
    if (!term) {
      ctx.warn(`Term ${r.term_id} does not exist`);
      return false;
    }
    return true; // per-enrollment-type date overrides are accepted but not modelled
  }
  const isNew = !term;
  if (!term) {
    term = {
      id: state.nextId('term'), sisId: r.term_id, integrationId: null, stuck: new Set(), sisImportId: ctx.importId,
      createdAt: ctx.now, updatedAt: ctx.now, name: r.name, startAt: null, endAt: null, workflowState: 'active',
    } satisfies Term;
    state.terms.set(term.id, term);
  }
  const previous = isNew ? 'non-existent' : term.workflowState;
  setSticky(ctx, term, 'name', r.name, isNew);
  setSticky(ctx, term, 'startAt', dateOrNull(r.start_date), isNew);
  setSticky(ctx, term, 'endAt', dateOrNull(r.end_date), isNew);
  if (!isBlank(r.integration_id)) term.integrationId = r.integration_id;
  if (/^deleted/i.test(r.status) && ctx.options.skipDeletes) return true;
  term.workflowState = /^deleted/i.test(r.status) ? 'deleted' : 'active';
  term.sisImportId = ctx.importId;
  term.updatedAt = ctx.now;
  track(ctx, 'term', term.id, previous, term.workflowState);
  return true;
}
