import { decideRecord, laterOf, modifiedAt, RecordDecision, SnapshotState } from './snapshot-diff';

describe('decideRecord', () => {
  const live = (hash: string): SnapshotState => ({ hash, deleted: false });
  const gone = (hash: string): SnapshotState => ({ hash, deleted: true });
  it.each<[string, SnapshotState | undefined, string, boolean, RecordDecision]>([
    ['new active record', undefined, 'h1', false, 'upsert'],
    ['same hash, still active', live('h1'), 'h1', false, 'unchanged'],
    ['changed content', live('h1'), 'h2', false, 'upsert'],
    ['provisioned record now tobedeleted', live('h1'), 'h2', true, 'delete'],
    ['tobedeleted and never published (its dependants must learn it is deleted)', undefined, 'h1', true, 'delete'],
    ['tobedeleted again, same hash', gone('h1'), 'h1', true, 'unchanged'],
    ['deleted for absence, then listed as tobedeleted', gone('absent'), 'h1', true, 'unchanged'],
    ['deleted record comes back active', gone('h1'), 'h1', false, 'upsert'],
    ['absent record comes back', gone('absent'), 'h1', false, 'upsert'],
  ])('%s → %s', (_, previous, hash, tobedeleted, expected) => {
    expect(decideRecord(previous, hash, tobedeleted)).toBe(expected);
  });
});

describe('watermark arithmetic', () => {
  const d = (iso: string) => new Date(iso);
  it.each([
    [undefined, undefined, undefined],
    [d('2026-01-01T00:00:00Z'), undefined, d('2026-01-01T00:00:00Z')],
    [undefined, d('2026-01-02T00:00:00Z'), d('2026-01-02T00:00:00Z')],
    [d('2026-01-03T00:00:00Z'), d('2026-01-02T00:00:00Z'), d('2026-01-03T00:00:00Z')],
    [d('2026-01-01T00:00:00Z'), d('2026-01-02T00:00:00Z'), d('2026-01-02T00:00:00Z')],
  ])('laterOf(%s, %s) = %s', (a, b, expected) => {
    expect(laterOf(a, b)).toEqual(expected);
  });

  it.each([
    [{ dateLastModified: '2026-03-01T10:00:00.000Z' }, d('2026-03-01T10:00:00.000Z')],
    [{ dateLastModified: 'yesterday' }, undefined],
    [{ dateLastModified: 42 }, undefined],
    [{}, undefined],
  ])('modifiedAt(%j) = %s', (raw, expected) => {
    expect(modifiedAt(raw)).toEqual(expected);
  });
});
