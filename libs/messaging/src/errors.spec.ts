import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { classifyError, PermanentError, RetriableError } from './errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const flagged = (name: string, retriable: boolean) => Object.assign(new Error(name), { name, retriable });
/** kafkajs' runtime constructors take options its typings leave out (cause, retry counts). */
type KafkaErrorClass = new (e: unknown, options?: Record<string, unknown>) => Error;
/** What kafkajs throws once its own retries ran out while the broker restarts. */
const kafkaRestart = () => {
  const exceeded = new (KafkaJSNumberOfRetriesExceeded as unknown as KafkaErrorClass)(new KafkaJSConnectionError('Connection refused'), { retryCount: 5, retryTime: 3000 });
  return new (KafkaJSNonRetriableError as unknown as KafkaErrorClass)(exceeded, { cause: exceeded });
};
const wrapped = (cause: unknown) => new Error('handler failed', { cause });

describe('the one error classifier', () => {
  it.each([
    ['our retriable class', new RetriableError('IC away'), 'retriable'],
    ['our permanent class', new PermanentError('bad record'), 'permanent'],
    ['a subclass of ours', new (class WaitingForLineItem extends RetriableError {})('later'), 'retriable'],
    ['a permanent failure wrapping a retriable cause: the outer word wins', new PermanentError('bad', { cause: new RetriableError('x') }), 'permanent'],
    ['the broker away behind kafkajs wrappers', kafkaRestart(), 'retriable'],
    ['a Canvas 503 (retriable flag)', flagged('CanvasRetriableError', true), 'retriable'],
    ['a Canvas 404 (flag false)', flagged('CanvasPermanentError', false), 'permanent'],
    ['an IC 503 wrapped by the app', wrapped(flagged('OneRosterRetriableError', true)), 'retriable'],
    ['PostgreSQL refusing connections (SQLSTATE 57P03)', withCode('the database system is starting up', '57P03'), 'retriable'],
    ['PostgreSQL connection lost (08006), wrapped', wrapped(withCode('connection failure', '08006')), 'retriable'],
    ['the pg client losing its connection', new Error('Connection terminated unexpectedly'), 'retriable'],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'retriable'],
    ['a unique violation (23505) is not an outage', withCode('duplicate key value violates unique constraint', '23505'), 'unknown'],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')"), 'unknown'],
    ['not even an error', 'boom', 'unknown'],
  ])('%s → %s', (_case, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });
});
