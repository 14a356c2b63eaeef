import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { RetriableError } from './errors';
import { failureCauseOf } from './failure-cause';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (name: string, message = 'boom') => Object.assign(new Error(message), { name });

describe('failureCauseOf', () => {
  it.each([
    ['a kafkajs connection error', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'), 'kafka'],
    ['kafkajs retries exceeded wrapped by the publisher', new RetriableError('publishing 3 record(s) failed', { cause: new KafkaJSNumberOfRetriesExceeded(new Error('x'), { retryCount: 5, retryTime: 1000 }) }), 'kafka'],
    ['the schema registry away', new RetriableError('schema registry unavailable while fetching schema 7: fetch failed'), 'schema-registry'],
    ['PostgreSQL shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01'), 'database'],
    ['PostgreSQL refusing connections (08006)', withCode('connection failure', '08006'), 'database'],
    ['pg: the connection dropped', new Error('Connection terminated unexpectedly'), 'database'],
    ['a Canvas timeout', named('CanvasRetriableError', 'tenant acme: GET /api/v1/courses: timed out'), 'canvas'],
    ['IC answering 503, wrapped by the gradebook processor', new RetriableError('tenant acme: grade_change: 503', { cause: named('OneRosterRetriableError') }), 'ic'],
    ['a refused connection to something else', withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), 'network'],
    ['an explicit dependency', Object.assign(new RetriableError('IC still has no lineItem'), { dependency: 'ic' }), 'ic'],
    ['anything else', new Error('projection context still incomplete'), 'other'],
  ])('%s → %s', (_name, error, cause) => {
    expect(failureCauseOf(error)).toBe(cause);
  });
});
