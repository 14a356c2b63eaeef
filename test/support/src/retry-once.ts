// Integration and end-to-end tests run against real Kafka, PostgreSQL and processes on a 2-core machine; a test that
// fails is run once more (its first failure is printed), so a scheduling hiccup does not fail a whole CI run. A test
// that fails twice fails. The retries show in the output ("RETRY 1"), so a test that needs them is visible and fixable.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
