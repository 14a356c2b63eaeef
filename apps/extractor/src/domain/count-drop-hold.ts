/** What a full run read of one collection, against the last full run that applied its deletions. */
export interface CollectionReadCount {
  tenant: string;
  collection: string;
  read: number;
  /** `<type>.read` of the last full run whose deletions of this collection were applied; undefined = none yet. */
  previous?: number;
  /** ic.countDropHoldPercent */
  holdPercent: number;
}

/**
 * Why a full run must hold the deletions of a collection whose count fell sharply, or undefined when the count is
 * plausible. A provider that stops paging early looks exactly like a district that dropped records; only a sharp fall
 * against the last full run tells them apart, so it is treated like an empty collection: nothing is deleted.
 */
export function countDropHoldReason(c: CollectionReadCount): string | undefined {
  if (c.previous === undefined || c.previous <= 0 || c.read >= c.previous) return undefined;
  const dropPercent = ((c.previous - c.read) / c.previous) * 100;
  if (dropPercent <= c.holdPercent) return undefined;
  return (
    `tenant ${c.tenant}: ${c.collection} read ${c.read} records, ${Math.round(dropPercent)} % fewer than the ${c.previous} of the ` +
    `last full run (more than ic.countDropHoldPercent ${c.holdPercent} %); its deletions are held — check the provider's paging ` +
    `and data, then run a full sync again (if the drop is real, raise ic.countDropHoldPercent for that run with \`ops tenants update ${c.tenant} --ic-provider …\`)`
  );
}
