export * from './notifier.store';
export * from './notifier-outbox.repository';
export * from './notifier-day-facts.repository';
export * from './notifier-passback-outcomes.repository';
