import type { ConsumedRecord } from '@rp/messaging';

/**
 * The processor consumer's unit of order (the batch consumer's `orderingKeyOf`): a Live Event's record key — its
 * tenant and Canvas context, the course for every grade and assignment event — so different courses of one tenant are
 * consumed in parallel slices while each course's events keep their log order; a provisioning record (`canvas.*`)
 * keeps its tenant, since the roster it changes is the tenant's and its records must apply in order.
 */
export function processorOrderingKey(liveEventsTopic: string): (record: ConsumedRecord<unknown>) => string {
  return (record) => (record.topic === liveEventsTopic && record.key ? record.key : record.tenant ?? '');
}
