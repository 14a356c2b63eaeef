import { type ConsumedRecord, type GradebookWrite, headerText, PermanentError, tenantOfKey } from '@rp/messaging';

/**
 * Why a consumed gradebook write must not be applied, or undefined when it may: its value's tenant must equal the
 * tenant its key and its `tenant` header name. A record whose parts disagree was not produced by the processor
 * (which derives all three from one tenant) — e.g. injected by someone who reached the broker — and writing it
 * would put one district's grade into another's IC.
 */
export function tenantMismatch(record: ConsumedRecord<GradebookWrite>): string | undefined {
  const write = record.value;
  if (!write) return undefined;
  const claimed = [
    ['key', record.key === null ? undefined : tenantOfKey(record.key)],
    ['tenant header', headerText(record.headers, 'tenant') || undefined],
  ] as const;
  const named = claimed.filter(([, tenant]) => tenant !== undefined);
  if (named.length === 0) return `the record names its tenant (${write.tenant}) only in its value; its key and tenant header are missing`;
  const other = named.find(([, tenant]) => tenant !== write.tenant);
  if (!other) return undefined;
  return `the record's value names tenant ${write.tenant} but its ${other[0]} names tenant ${other[1]}`;
}

/** Refuses (dead-letters) a write whose tenant parts disagree, naming the record and what to check. */
export function refuseForeignWrites(records: ConsumedRecord<GradebookWrite>[]): void {
  for (const record of records) {
    const reason = tenantMismatch(record);
    if (reason === undefined) continue;
    throw new PermanentError(`gradebook write ${record.value?.kind ?? ''} ${record.value?.sourcedId ?? ''} at ${record.topic}/${record.partition}@${record.offset} refused: ${reason}; `
      + 'only the gradebook processor may produce to this topic (check the broker ACLs); nothing was written to IC');
  }
}
