import { gradebookContentHash } from './written-content-hash';

describe('gradebook content hash', () => {
  const result = { sourcedId: 'r1', score: 18, scoreStatus: 'fully graded', dateLastModified: '2026-01-01T00:00:00Z', lineItem: { sourcedId: 'l1', type: 'lineItem' } };

  it('ignores dateLastModified and key order', () => {
    const later = { lineItem: { type: 'lineItem', sourcedId: 'l1' }, scoreStatus: 'fully graded', score: 18, sourcedId: 'r1', dateLastModified: '2026-02-02T00:00:00Z' };
    expect(gradebookContentHash(later)).toBe(gradebookContentHash(result));
  });

  it('changes when the score changes', () => {
    expect(gradebookContentHash({ ...result, score: 19 })).not.toBe(gradebookContentHash(result));
  });

  it('ignores an undefined field (a record built with an optional value left out)', () => {
    expect(gradebookContentHash({ ...result, comment: undefined })).toBe(gradebookContentHash(result));
  });
});
