import type { EntityRef, LoaderRow } from './loader-row';

const ref = (canvasType: EntityRef['canvasType'], sisId: string | undefined): EntityRef[] =>
  sisId ? [{ canvasType, sisId }] : [];

/** The cells `referencesOf` reads (with `status`, all that deciding about a batch needs of a row's cells). */
export const REFERENCE_CELLS = ['account_id', 'term_id', 'course_id', 'section_id', 'user_id', 'observer_id', 'student_id'] as const;

/**
 * Entities a row needs in Canvas before it can be imported: course → account + term, section → course,
 * enrollment → user + section/course, observer link → both users. Blank ids (root account, default term) need nothing.
 */
export function referencesOf(row: Pick<LoaderRow, 'canvasType' | 'row'>): EntityRef[] {
  const r = row.row;
  switch (row.canvasType) {
    case 'course':
      return [...ref('account', r.account_id), ...ref('term', r.term_id)];
    case 'section':
      return ref('course', r.course_id);
    case 'enrollment':
      return [...ref('user', r.user_id), ...ref('section', r.section_id), ...ref('course', r.course_id)];
    case 'user_observer':
      return [...ref('user', r.observer_id), ...ref('user', r.student_id)];
    default:
      return [];
  }
}
