import type { Account, Assignment, Course, Section, Term, User } from './state/model';
import type { RootAccountState } from './state/root-account-state';

/** Resolves `:id` path values: numeric local ids or `<prefix>:<value>` SIS addressing (doc §3.1). */
function resolve<T extends { id: number }>(
  table: Map<number, T>,
  ref: string,
  prefixes: Record<string, (value: string) => T | undefined>,
): T | undefined {
  if (/^\d{1,19}$/.test(ref)) return table.get(Number(ref));
  const hex = /^hex:([a-z_]+):([0-9a-f]+)$/i.exec(ref);
  if (hex) return prefixes[hex[1]]?.(Buffer.from(hex[2], 'hex').toString('utf8'));
  const i = ref.indexOf(':');
  if (i < 0) return undefined;
  return prefixes[ref.slice(0, i)]?.(ref.slice(i + 1));
}

export const findAccount = (s: RootAccountState, ref: string): Account | undefined =>
  ref === 'self' || ref === 'default'
    ? s.rootAccount
    : resolve(s.accounts, ref, {
        sis_account_id: (v) => s.bySis(s.accounts, v),
        sis_integration_id: (v) => s.byIntegration(s.accounts, v),
      });

export const findTerm = (s: RootAccountState, ref: string): Term | undefined =>
  ref === 'default'
    ? s.defaultTerm
    : resolve(s.terms, ref, {
        sis_term_id: (v) => s.bySis(s.terms, v),
        sis_integration_id: (v) => s.byIntegration(s.terms, v),
      });

export const findCourse = (s: RootAccountState, ref: string): Course | undefined =>
  resolve(s.courses, ref, {
    sis_course_id: (v) => s.bySis(s.courses, v),
    sis_integration_id: (v) => s.byIntegration(s.courses, v),
    uuid: (v) => s.courses.first('uuid', v),
  });

export const findSection = (s: RootAccountState, ref: string): Section | undefined =>
  resolve(s.sections, ref, {
    sis_section_id: (v) => s.bySis(s.sections, v),
    sis_integration_id: (v) => s.byIntegration(s.sections, v),
  });

export const findUser = (s: RootAccountState, ref: string): User | undefined =>
  resolve(s.users, ref, {
    sis_user_id: (v) => s.bySis(s.users, v),
    sis_login_id: (v) => s.userByLogin(v),
    sis_integration_id: (v) => s.byIntegration(s.users, v),
    uuid: (v) => s.users.first('uuid', v),
  });

export const findAssignment = (s: RootAccountState, course: Course, ref: string): Assignment | undefined => {
  const a = resolve(s.assignments, ref, {
    sis_assignment_id: (v) => [...s.assignments.values()].find((x) => x.courseId === course.id && x.sisAssignmentId === v),
  });
  return a && a.courseId === course.id && a.workflowState !== 'deleted' ? a : undefined;
};
