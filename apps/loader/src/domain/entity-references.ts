import type { EntityRef, LoaderRow } from './loader-row';

const ref = (canvasType: EntityRef['canvasType'], sisId: string | undefined): EntityRef[] =>
  sisId ? [{ canvasType, sisId }] : [];

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
