// Entry for this lib's own integration tests: the public API plus the test kit (not exported to other areas).
export * from './index';
export * from './testing/kafka-test-kit';
