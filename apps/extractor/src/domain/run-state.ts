import type { PagingEnd } from '@rp/oneroster';

/** What a run learns on the way: the baseline of its full-run counts, how each collection ended, what it held. */
export interface RunState {
  /** `<type>.read` of the last full run that applied that type's deletions (full runs only). */
  baseline: Record<string, number>;
  holdPercent: number;
  /** e.g. `enrollments 2140 (empty page)`. */
  paging: string[];
  holds: string[];
}

/** How a collection's end is shown in the run's message. */
export const pagingEndText: Record<PagingEnd, string> = {
  'total-reached': 'X-Total-Count reached',
  'no-next-link': 'no next link',
  'empty-page': 'empty page',
};
