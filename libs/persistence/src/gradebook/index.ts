export * from './gradebook-outcome.entity';
export * from './gradebook-written.entity';
export * from './gradebook-checkpoint.entity';
export * from './migrations/1764400000000-create-gradebook';
export * from './gradebook.store';
export * from './gradebook.repository';
export * from './event-outcome';
export * from './gradebook-event-log';
