export * from './notifier.store';
export * from './notifier-outbox.repository';
