import { createServer } from 'node:net';
import {
  Kafka, KafkaJSConnectionError, KafkaJSGroupCoordinatorNotFound, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError, logLevel,
} from 'kafkajs';
import { classifyError, RetriableError } from '../errors';
import { causeChain, isTransientKafkaError } from './broker-errors';

/** kafkajs' runtime constructors take options its typings leave out (cause, retry counts). */
type ErrorClass = new (e: unknown, options?: Record<string, unknown>) => Error;
const NonRetriable = KafkaJSNonRetriableError as unknown as ErrorClass;
const CoordinatorNotFound = KafkaJSGroupCoordinatorNotFound as unknown as ErrorClass;

/** A port nothing listens on (taken from the OS, then released). */
const closedPort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

describe('isTransientKafkaError', () => {
  it('is true for what kafkajs really throws when the broker is down (retries exhausted, wrapped as non-retriable)', async () => {
    const kafka = new Kafka({
      clientId: 'broker-errors-spec', brokers: [`127.0.0.1:${await closedPort()}`], logLevel: logLevel.NOTHING,
      connectionTimeout: 200, retry: { retries: 1, initialRetryTime: 20, maxRetryTime: 50 },
    });
    const producer = kafka.producer();
    const error = await producer.connect().then(() => undefined, (e: unknown) => e);
    expect(error).toBeDefined();
    expect((error as { retriable?: boolean }).retriable).toBe(false); // why a check of the outer flag was wrong
    expect(isTransientKafkaError(error)).toBe(true);
    expect(classifyError(error)).toBe('retriable');
  });

  it('looks through the wrappers of a broker restart: retries exceeded, non-retriable wrapper, coordinator not found', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { code: 'ECONNREFUSED' });
    const exceeded = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 8, retryTime: 30_000 });
    const wrapped = new NonRetriable(exceeded, { cause: refused });
    const loading = new KafkaJSProtocolError({ message: 'coordinator loading', type: 'COORDINATOR_LOAD_IN_PROGRESS', code: 14, retriable: true } as never);
    for (const error of [refused, exceeded, wrapped, new CoordinatorNotFound('Failed to find group coordinator'),
      new NonRetriable(loading, { cause: loading }), new RetriableError('publish failed', { cause: wrapped })]) {
      expect(isTransientKafkaError(error)).toBe(true);
    }
  });

  it('is false for failures that repeat every time, and for errors that are not Kafka failures at all', () => {
    const tooLarge = new KafkaJSProtocolError({ message: 'too large', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false } as never);
    expect(isTransientKafkaError(new NonRetriable(tooLarge, { cause: tooLarge }))).toBe(false);
    expect(classifyError(new NonRetriable(tooLarge, { cause: tooLarge }))).toBe('permanent');
    expect(isTransientKafkaError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientKafkaError(undefined)).toBe(false);
  });

  it('walks a cyclic cause chain without hanging', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(causeChain(a)).toHaveLength(2);
    expect(isTransientKafkaError(a)).toBe(false);
  });
});
