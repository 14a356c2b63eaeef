export * from './oneroster.errors';
