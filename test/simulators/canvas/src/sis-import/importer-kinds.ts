/** The importers Canvas runs, in its fixed processing order (lib/sis/csv/import_refactored.rb IMPORTERS). */
export const IMPORTER_ORDER = [
  'change_sis_id',
  'account',
  'term',
  'abstract_course',
  'course',
  'section',
  'xlist',
  'user',
  'enrollment',
  'admin',
  'group_category',
  'group',
  'group_membership',
  'grade_publishing_results',
  'user_observer',
] as const;
export type ImporterKind = (typeof IMPORTER_ORDER)[number];

const has = (row: string[], ...cols: string[]) => cols.every((c) => row.includes(c));

/** Header matchers, tried in IMPORTER_ORDER like Canvas's `<type>_csv?(row)`; the first match wins. */
const MATCHERS: Record<ImporterKind, (h: string[]) => boolean> = {
  change_sis_id: (h) => h.includes('old_id') || h.includes('old_integration_id'),
  account: (h) => has(h, 'account_id', 'parent_account_id'),
  term: (h) => has(h, 'term_id', 'name'),
  abstract_course: (h) => has(h, 'abstract_course_id') && !h.includes('course_id'),
  course: (h) => has(h, 'course_id', 'short_name'),
  section: (h) => has(h, 'section_id', 'name'),
  xlist: (h) => has(h, 'xlist_course_id', 'section_id'),
  user: (h) => has(h, 'user_id', 'login_id') && !['existing_user_id', 'existing_integration_id', 'existing_canvas_user_id'].some((c) => h.includes(c)),
  enrollment: (h) => (h.includes('section_id') || h.includes('course_id')) && (h.includes('user_id') || h.includes('user_integration_id')),
  admin: (h) => has(h, 'account_id', 'user_id'),
  group_category: (h) => has(h, 'group_category_id', 'category_name'),
  group: (h) => has(h, 'group_id', 'name'),
  group_membership: (h) => has(h, 'group_id', 'user_id'),
  grade_publishing_results: (h) => has(h, 'enrollment_id', 'grade_publishing_status'),
  user_observer: (h) => has(h, 'observer_id', 'student_id'),
};

/** Recognises a file by its (lower-cased) header row, never by its name. */
export function importerFor(headers: string[]): ImporterKind | null {
  return IMPORTER_ORDER.find((kind) => MATCHERS[kind](headers)) ?? null;
}

/** data.counts key for an importer (Canvas pluralises the importer name). */
export const countKey = (kind: ImporterKind): string =>
  kind === 'change_sis_id' ? 'change_sis_ids' : kind === 'grade_publishing_results' ? 'grade_publishing_results' : `${kind}s`;
