// The contract of every consuming app, owned by this library; the Helm chart's values must equal it (test/deploy
// checks helm/values.yaml against this file): one source for both.
import groups from './consumer-groups.contract.json'; // not consumer-groups.json: Node resolves './consumer-groups' to a .json before a .ts

export interface ConsumerGroupContract {
  groupId: string;
  topics: string[];
}

export type ConsumingApp = 'extractor' | 'transformer' | 'loader' | 'gradebook' | 'gradebook-writer' | 'notifier';

/** Group id and topics of a consuming app; libs/runtime/src/consumer-groups.contract.json is the one source (the chart reads it too). */
export function consumerGroupOf(app: ConsumingApp): ConsumerGroupContract {
  const contract = (groups as unknown as Record<string, ConsumerGroupContract>)[app];
  if (!contract) throw new Error(`libs/runtime/src/consumer-groups.contract.json has no entry for ${app}`);
  return contract;
}
