import { ignoredFilterReason } from './delta-capability';

describe('ignoredFilterReason: a delta page that shows the provider ignored the filter', () => {
  const since = new Date('2026-12-01T10:00:00.000Z');
  const at = (iso: string) => new Date(iso);
  it.each<[string, (Date | undefined)[], boolean]>([
    ['every record after the window start', [at('2026-12-01T10:00:00.001Z'), at('2026-12-05T00:00:00Z')], false],
    ['an empty page', [], false],
    ['records without dateLastModified are not evidence', [undefined], false],
    ['a record exactly at the window start (the filter is strict)', [at('2026-12-01T10:00:00.000Z')], true],
    ['a record from last year (the whole collection came back)', [at('2026-12-05T00:00:00Z'), at('2025-08-01T00:00:00Z')], true],
  ])('%s', (_case, modified, ignored) => {
    const reason = ignoredFilterReason('acme', 'users', since, modified);
    expect(reason !== undefined).toBe(ignored);
    if (ignored) expect(reason).toMatch(/^tenant acme: the provider ignored the delta filter on users .*deltas run as full syncs$/);
  });
});
