import type { CanvasSimulator, SisImportRecord } from '@rp/sim-canvas';
import type { CanvasView } from './canvas-view';

const ROLE_OF_TYPE: Record<string, string> = {
  StudentEnrollment: 'student', TeacherEnrollment: 'teacher', TaEnrollment: 'ta',
  ObserverEnrollment: 'observer', DesignerEnrollment: 'designer',
};

/** The live SIS-owned objects of one root account of the Canvas simulator, by SIS id (see CanvasView). */
export function canvasSnapshot(sim: CanvasSimulator, accountKey: string): CanvasView {
  const s = sim.admin.state(accountKey);
  const sisOf = <T extends { sisId: string | null }>(table: Map<number, T>, id: number | null): string =>
    (id === null ? undefined : table.get(id)?.sisId) ?? '';
  const view: CanvasView = { accounts: {}, terms: {}, courses: {}, sections: {}, users: {}, enrollments: {}, observers: [] };
  for (const a of s.accounts.values()) {
    if (a.sisId && a.workflowState === 'active') view.accounts[a.sisId] = { parent: sisOf(s.accounts, a.parentId), name: a.name };
  }
  for (const t of s.terms.values()) {
    if (t.sisId && t.workflowState === 'active') {
      view.terms[t.sisId] = { name: t.name, start: (t.startAt ?? '').slice(0, 10), end: (t.endAt ?? '').slice(0, 10) };
    }
  }
  for (const c of s.courses.values()) {
    if (c.sisId && c.workflowState !== 'deleted') {
      view.courses[c.sisId] = {
        name: c.name, code: c.courseCode, account: sisOf(s.accounts, c.accountId), term: sisOf(s.terms, c.termId), state: c.workflowState,
      };
    }
  }
  for (const x of s.sections.values()) {
    if (x.sisId && x.workflowState === 'active') view.sections[x.sisId] = { name: x.name, course: sisOf(s.courses, x.courseId) };
  }
  for (const u of s.users.values()) {
    if (u.sisId && u.workflowState !== 'deleted') view.users[u.sisId] = { login: u.loginId, name: u.name, email: u.email, state: u.loginState };
  }
  for (const e of s.enrollments.values()) {
    if (e.viaObserverLink || !['active', 'invited'].includes(e.workflowState)) continue;
    const key = `${sisOf(s.sections, e.sectionId)}:${sisOf(s.users, e.userId)}:${ROLE_OF_TYPE[e.type] ?? e.type}`;
    view.enrollments[key] = { course: sisOf(s.courses, e.courseId), state: e.workflowState };
  }
  for (const link of s.observerLinks) {
    if (link.workflowState === 'active') view.observers.push(`${sisOf(s.users, link.observerId)}:${sisOf(s.users, link.studentId)}`);
  }
  return view;
}

/** One CSV row an import received. */
export interface ImportedRow {
  importId: number;
  kind: string;
  values: Record<string, string>;
}

/** Every row of every SIS import the root account received, in order. */
export function importedRows(sim: CanvasSimulator, accountKey: string, after = 0): ImportedRow[] {
  return sim.admin
    .imports(accountKey)
    .filter((imp) => imp.id > after)
    .sort((a, b) => a.id - b.id)
    .flatMap((imp: SisImportRecord) => imp.files.flatMap((f) => f.rows.map((r) => ({ importId: imp.id, kind: f.kind ?? f.name, values: r.values }))));
}

/** The SIS id (or enrollment/observer key) a row is about. */
export function rowKey(row: ImportedRow): string {
  const v = row.values;
  switch (row.kind) {
    case 'account': return `account:${v.account_id}`;
    case 'term': return `term:${v.term_id}`;
    case 'course': return `course:${v.course_id}`;
    case 'section': return `section:${v.section_id}`;
    case 'user': return `user:${v.user_id}`;
    case 'enrollment': return `enrollment:${v.section_id || v.course_id}:${v.user_id}:${v.role}`;
    case 'user_observer': return `user_observer:${v.observer_id}:${v.student_id}`;
    default: return `${row.kind}:${JSON.stringify(v)}`;
  }
}

/** Highest import id so far (0 when none), to look only at later imports. */
export function lastImportId(sim: CanvasSimulator, accountKey: string): number {
  return Math.max(0, ...sim.admin.imports(accountKey).map((i) => i.id));
}

/** True while any import of the account is not in a terminal state. */
export function importsPending(sim: CanvasSimulator, accountKey: string): boolean {
  const terminal = ['imported', 'imported_with_messages', 'aborted', 'failed', 'failed_with_messages'];
  return sim.admin.imports(accountKey).some((i) => !terminal.includes(i.workflowState));
}
