import type { ServiceStore } from '../data-source.factory';
import { CreateNotifierOutbox1765150000151 } from './migrations/1765150000151-create-notifier-outbox';
import { CreateNotifierDayFacts1765150000152 } from './migrations/1765150000152-create-notifier-day-facts';
import { DayFactsInstant1765150000156 } from './migrations/1765150000156-day-facts-instant';
import { CreateNotifierPassbackOutcomes1765150000157 } from './migrations/1765150000157-create-notifier-passback-outcomes';

/** The notifier's own state: the deliveries it stored, sent or gave up (the de-duplication record). */
export const notifierStore: ServiceStore = {
  schema: 'notifier',
  entities: [],
  migrations: [CreateNotifierOutbox1765150000151, CreateNotifierDayFacts1765150000152, DayFactsInstant1765150000156, CreateNotifierPassbackOutcomes1765150000157],
};
