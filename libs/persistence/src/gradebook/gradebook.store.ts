import type { ServiceStore } from '../data-source.factory';
import { GradebookCheckpointEntity } from './gradebook-checkpoint.entity';
import { GradebookOutcomeEntity } from './gradebook-outcome.entity';
import { GradebookWrittenEntity } from './gradebook-written.entity';
import { CreateGradebook1764400000000 } from './migrations/1764400000000-create-gradebook';
import { WrittenEventTime1765100000002 } from './migrations/1765100000002-written-event-time';
import { EventOutcomes1765180000018 } from './migrations/1765180000018-event-outcomes';

/** The gradebook service's state (outcomes per grade and per Live Event, written hashes, reconciliation checkpoints). */
export const gradebookStore: ServiceStore = {
  schema: 'gradebook',
  entities: [GradebookOutcomeEntity, GradebookWrittenEntity, GradebookCheckpointEntity],
  migrations: [CreateGradebook1764400000000, WrittenEventTime1765100000002, EventOutcomes1765180000018],
};
