// The JSON is shared with the Helm chart (test/deploy checks helm/values.yaml against it): one source for both.
// eslint-disable-next-line @nx/enforce-module-boundaries
import groups from '../../../deploy/consumer-groups.json';

export interface ConsumerGroupContract {
  groupId: string;
  topics: string[];
}

export type ConsumingApp = 'extractor' | 'transformer' | 'loader' | 'gradebook' | 'gradebook-writer' | 'notifier';

/** Group id and topics of a consuming app; deploy/consumer-groups.json is the one source (the chart reads it too). */
export function consumerGroupOf(app: ConsumingApp): ConsumerGroupContract {
  const contract = (groups as unknown as Record<string, ConsumerGroupContract>)[app];
  if (!contract) throw new Error(`deploy/consumer-groups.json has no entry for ${app}`);
  return contract;
}
