import type { Category } from '@rp/oneroster';
import { matchCategory } from './category-match';

const category = (sourcedId: string, title: string, classId?: string, status: Category['status'] = 'active'): Category => ({
  sourcedId,
  status,
  dateLastModified: '2024-08-01T00:00:00.000Z',
  title,
  ...(classId ? { metadata: { classId } } : {}),
});

const categories: Category[] = [
  category('g-hw', 'Homework'),
  category('g-hw-2', 'homework'), // a second global with the same title: the first one wins
  category('other-class-tests', 'Tests', 'class-9'),
  category('g-tests', 'Tests'),
  category('c-tests', 'Tests', 'class-1'),
  category('c-quiz-deleted', 'Quizzes', 'class-1', 'tobedeleted'),
  category('g-quiz', 'Quizzes'),
  category('g-other', 'Other'),
  category('only-class-9', 'Labs', 'class-9'),
];

describe('matchCategory', () => {
  it.each([
    ['exact title', 'Homework', 'class-1', null, 'matched', 'g-hw'],
    ['case and spaces ignored', '  HOMEWORK ', 'class-1', null, 'matched', 'g-hw'],
    ['class-scoped preferred over an earlier global', 'Tests', 'class-1', null, 'matched', 'c-tests'],
    ['another class category never matches', 'Tests', 'class-2', null, 'matched', 'g-tests'],
    ['deleted class category skipped', 'Quizzes', 'class-1', null, 'matched', 'g-quiz'],
    ['no match uses fallback title', 'Projects', 'class-1', 'other', 'fallback', 'g-other'],
    ['no group name uses fallback', null, 'class-1', 'Other', 'fallback', 'g-other'],
    ['category only in another class is not ours', 'Labs', 'class-1', 'Other', 'fallback', 'g-other'],
  ])('%s', (_case, group, cls, fallback, kind, sourcedId) => {
    const match = matchCategory(categories, group, cls, fallback);
    expect(match.kind).toBe(kind);
    expect(match.kind !== 'none' && match.category.sourcedId).toBe(sourcedId);
  });

  it('reports none with the titles the class could have used when nothing matches and no fallback exists', () => {
    const match = matchCategory(categories, 'Projects', 'class-1', null);
    expect(match).toEqual({
      kind: 'none',
      wanted: 'Projects',
      fallbackTitle: null,
      available: ['Homework', 'homework', 'Tests', 'Tests', 'Quizzes', 'Other'],
    });
  });

  it('reports none when the fallback title itself is not an IC category', () => {
    expect(matchCategory(categories, 'Projects', 'class-1', 'Uncategorized').kind).toBe('none');
  });
});
