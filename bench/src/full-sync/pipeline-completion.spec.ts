import { progressLine, publishedRows } from './pipeline-completion';
import type { ObservedRunEvent } from './sync-run-watcher';

describe('rows the transformer published for a run', () => {
  it('adds up the <type>.published counts of its finished marker and ignores the rest', () => {
    expect(publishedRows({ records: 7525, 'account.published': 1, 'term.published': 3, 'user.published': 1061, 'enrollment.published': 5225, parked: 0 })).toBe(6290);
    expect(publishedRows({})).toBe(0);
  });
});

describe('progress line of a long run', () => {
  const watcherWith = (seen: string[]) => ({
    marker: (stage: string, phase: string) => (seen.includes(`${stage}:${phase}`) ? ({ stage, phase } as unknown as ObservedRunEvent) : undefined),
  });

  it("names each stage's state and what Canvas applied, as a share once the transformer said how many", () => {
    expect(progressLine(2_000, watcherWith([]), { rows: 0, imports: 0 })).toBe(
      '[bench] +2 s · extractor waiting · transformer waiting · loader waiting · Canvas applied 0 rows in 0 import(s)',
    );
    // only the extractor marks its start: the others work on records as they arrive
    expect(progressLine(125_400, watcherWith(['extractor:started']), { rows: 41_000, imports: 3 })).toBe(
      '[bench] +125 s · extractor running · transformer running · loader running · Canvas applied 41,000 rows in 3 import(s)',
    );
    const late = watcherWith(['extractor:started', 'extractor:finished', 'transformer:finished']);
    expect(progressLine(1_800_000, late, { rows: 2_008_419, imports: 49 }, 2_677_892)).toBe(
      '[bench] +1800 s · extractor finished · transformer finished · loader running · Canvas applied 2,008,419 rows of 2,677,892 (75 %) in 49 import(s)',
    );
  });

  it('shows a failed stage as failed', () => {
    expect(progressLine(0, watcherWith(['extractor:started', 'extractor:failed']), { rows: 0, imports: 0 })).toContain('extractor failed');
  });
});
