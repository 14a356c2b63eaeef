import { contentHash } from '../content-hash';

/**
 * Hash of a lineItem/result as IC would store it. `dateLastModified` is the decision time, so it is left out:
 * otherwise every replay or reconciliation would look like a change (ADR 0006).
 */
export function gradebookContentHash(record: { dateLastModified?: string } & Record<string, unknown>): string {
  const { dateLastModified: _ignored, ...content } = record;
  return contentHash(content);
}
