import type { Category } from '@rp/oneroster';

/** How a category was chosen: the assignment group matched a category title, or the tenant's fallback title did. */
export type CategoryMatch =
  | { kind: 'matched'; category: Category; scope: 'class' | 'global' }
  | { kind: 'fallback'; category: Category; scope: 'class' | 'global' }
  | { kind: 'none'; wanted: string | null; fallbackTitle: string | null; available: string[] };

/** Canvas compares titles loosely: case and surrounding spaces do not count. */
export function sameCategoryTitle(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en-US') === b.trim().toLocaleLowerCase('en-US');
}

/** IC marks class-scoped categories with `metadata.classId`; everything else is global. */
export function categoryClassId(category: Category): string | undefined {
  const classId = category.metadata?.['classId'];
  return typeof classId === 'string' && classId !== '' ? classId : undefined;
}

/**
 * The FIRST IC category whose title equals `title` (case-insensitive, trimmed), class-scoped before global.
 * Categories scoped to another class and deleted ones never match.
 */
export function findCategory(categories: Category[], title: string, classSourcedId: string) {
  const usable = categories.filter((c) => c.status !== 'tobedeleted' && sameCategoryTitle(c.title, title));
  const own = usable.find((c) => categoryClassId(c) === classSourcedId);
  if (own) return { category: own, scope: 'class' as const };
  const global = usable.find((c) => categoryClassId(c) === undefined);
  return global ? { category: global, scope: 'global' as const } : undefined;
}

/** Picks the category of an assignment from its group name, else the tenant's fallback title, else none. */
export function matchCategory(
  categories: Category[],
  assignmentGroupName: string | null,
  classSourcedId: string,
  fallbackTitle: string | null,
): CategoryMatch {
  if (assignmentGroupName !== null && assignmentGroupName.trim() !== '') {
    const found = findCategory(categories, assignmentGroupName, classSourcedId);
    if (found) return { kind: 'matched', ...found };
  }
  if (fallbackTitle !== null) {
    const found = findCategory(categories, fallbackTitle, classSourcedId);
    if (found) return { kind: 'fallback', ...found };
  }
  const available = categories
    .filter((c) => c.status !== 'tobedeleted' && [undefined, classSourcedId].includes(categoryClassId(c)))
    .map((c) => c.title);
  return { kind: 'none', wanted: assignmentGroupName, fallbackTitle, available };
}
