import type { ImporterKind } from './importer-kinds';

type Row = Record<string, string>;
type Check = (r: Row) => string | null;

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
const first = (...checks: Check[]): Check => (r) => {
  for (const check of checks) {
    const message = check(r);
    if (message) return message;
  }
  return null;
};
const status = (pattern: RegExp, message: (r: Row) => string): Check => (r) =>
  pattern.test(r.status ?? '') ? null : message(r);

/**
 * Static row checks, with Canvas's wording (the ImportError texts of lib/sis/*_importer.rb).
 * A column missing from the header reads as blank, so a file without a required column
 * yields one message per row, as in Canvas.
 */
const CHECKS: Partial<Record<ImporterKind, Check>> = {
  change_sis_id: first(
    (r) => (blank(r.type) ? 'No type given for change_sis_id' : null),
    (r) => (blank(r.old_id) && blank(r.old_integration_id) ? 'No old_id or old_integration_id given for change_sis_id' : null),
    (r) => (blank(r.new_id) && blank(r.new_integration_id) ? 'No new_id or new_integration_id given for change_sis_id' : null),
    (r) => {
      const type = r.type.trim().toLowerCase();
      return ['user', 'course', 'section', 'term', 'account', 'group', 'group_category'].includes(type)
        ? null
        : `Invalid type '${type}' for change_sis_id`;
    },
  ),
  account: first(
    (r) => (blank(r.account_id) ? 'No account_id given for an account' : null),
    status(/^(active|deleted)/i, (r) => `Improper status "${r.status ?? ''}" for account ${r.account_id}, skipping`),
  ),
  term: first(
    (r) => (blank(r.term_id) ? 'No term_id given for a term' : null),
    (r) => (blank(r.name) && blank(r.date_override_enrollment_type) ? `No name given for term ${r.term_id}` : null),
    status(/^(active|deleted)/i, (r) => `Improper status "${r.status ?? ''}" for term ${r.term_id}`),
  ),
  course: first(
    (r) => (blank(r.course_id) ? 'No course_id given for a course' : null),
    (r) => (blank(r.short_name) && blank(r.abstract_course_id) ? `No short_name given for course ${r.course_id}` : null),
    (r) => (blank(r.long_name) && blank(r.abstract_course_id) ? `No long_name given for course ${r.course_id}` : null),
    status(/^(active|deleted|completed|unpublished|published)/i, (r) => `Improper status "${r.status ?? ''}" for course ${r.course_id}`),
  ),
  section: first(
    (r) => (blank(r.section_id) ? `No section_id given for a section in course ${r.course_id ?? ''}` : null),
    (r) => (blank(r.course_id) ? `No course_id given for a section ${r.section_id}` : null),
    (r) => (blank(r.name) ? `No name given for section ${r.section_id} in course ${r.course_id}` : null),
    status(/^(active|deleted)/i, (r) => `Improper status "${r.status ?? ''}" for section ${r.section_id} in course ${r.course_id}`),
  ),
  xlist: first(
    (r) => (blank(r.xlist_course_id) ? 'No xlist_course_id given for a cross-listing' : null),
    (r) => (blank(r.section_id) ? 'No section_id given for a cross-listing' : null),
    status(/^(active|deleted)/i, (r) => `Improper status "${r.status ?? ''}" for a cross-listing`),
  ),
  user: first(
    (r) => (blank(r.user_id) ? 'No user_id given for a user' : null),
    (r) => (blank(r.login_id) ? `No login_id given for user ${r.user_id}` : null),
    (r) => (blank(r.status) ? `No status given for user ${r.user_id}` : null),
    status(/^(active|suspended|deleted)/i, (r) => `Improper status for user ${r.user_id}`),
  ),
  enrollment: first(
    (r) => (blank(r.course_id) && blank(r.section_id) ? 'No course_id or section_id given for an enrollment' : null),
    (r) => (blank(r.user_id) && blank(r.user_integration_id) ? 'No user_id or user_integration_id given for an enrollment' : null),
    (r) => (blank(r.role) && blank(r.role_id) ? 'No role_id or role given for an enrollment' : null),
    status(/^(active|deleted_last_completed|deleted|completed|inactive)/i, (r) => `Improper status "${r.status ?? ''}" for an enrollment`),
  ),
  user_observer: first(
    (r) => (blank(r.observer_id) ? 'No observer_id given for a user observer' : null),
    (r) => (blank(r.student_id) ? 'No student_id given for a user observer' : null),
    status(/^(active|deleted)/i, (r) => `Improper status "${r.status ?? ''}" for a user_observer`),
  ),
};

/** Returns Canvas's message for a row that cannot be imported, or null when the row is well-formed. */
export function validateRow(kind: ImporterKind, row: Row): string | null {
  return CHECKS[kind]?.(row) ?? null;
}
