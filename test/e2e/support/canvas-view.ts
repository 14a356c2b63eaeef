/**
 * What a Canvas root account holds, reduced to SIS ids and the fields an admin checks. Both the independent
 * expectation (expected-canvas.ts) and the simulator snapshot (canvas-snapshot.ts) produce this shape, so a
 * test compares them with one `toEqual`. Only LIVE objects are listed: deleted accounts/terms/courses/
 * sections/users, ended or dropped enrollments and deleted observer links are absent.
 */
export interface CanvasView {
  /** account sisId → parent sisId ('' = root account) and name. */
  accounts: Record<string, { parent: string; name: string }>;
  /** term sisId → name and first/last day (YYYY-MM-DD). */
  terms: Record<string, { name: string; start: string; end: string }>;
  /** course sisId → names, sub-account, term, Canvas state (claimed = unpublished). */
  courses: Record<string, { name: string; code: string; account: string; term: string; state: string }>;
  /** section sisId → name and course. */
  sections: Record<string, { name: string; course: string }>;
  /** user sisId → login, display name, email and login state (active | suspended). */
  users: Record<string, { login: string; name: string; email: string | null; state: string }>;
  /** `section:user:role` → course and state (active enrollments only). */
  enrollments: Record<string, { course: string; state: string }>;
  /** `observer:student` links that are active. */
  observers: string[];
}

/** Sorted keys make diffs readable when a comparison fails. */
export function sortedView(view: CanvasView): CanvasView {
  const sortRecord = <T>(r: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
  return {
    accounts: sortRecord(view.accounts),
    terms: sortRecord(view.terms),
    courses: sortRecord(view.courses),
    sections: sortRecord(view.sections),
    users: sortRecord(view.users),
    enrollments: sortRecord(view.enrollments),
    observers: [...view.observers].sort(),
  };
}

/** Entity counts of a view, for messages and sanity checks. */
export function viewCounts(view: CanvasView): Record<keyof CanvasView, number> {
  return {
    accounts: Object.keys(view.accounts).length,
    terms: Object.keys(view.terms).length,
    courses: Object.keys(view.courses).length,
    sections: Object.keys(view.sections).length,
    users: Object.keys(view.users).length,
    enrollments: Object.keys(view.enrollments).length,
    observers: view.observers.length,
  };
}
