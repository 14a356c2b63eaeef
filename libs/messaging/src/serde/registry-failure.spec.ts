import { classifyError } from '../errors';
import { failureCauseOf } from '../failure-cause';
import { registryFailure, registryFailureKind } from './registry-failure';

/** Errors shaped as @kafkajs/confluent-schema-registry throws them (its ResponseError: `status` + message). */
const answered = (status: number, message: string) => Object.assign(new Error(`Confluent_Schema_Registry - ${message}`), { name: 'ResponseError', status });

describe('registryFailureKind', () => {
  it.each([
    ['connection refused (the client reports status 400)', answered(400, 'Error, status 400: connect ECONNREFUSED 127.0.0.1:18081'), 'unreachable'],
    ['a connection dropped without an answer', answered(400, 'Error, status 400: socket hang up'), 'unreachable'],
    ['a DNS failure', answered(400, 'Error, status 400: getaddrinfo EAI_AGAIN registry'), 'unreachable'],
    ['a client timeout (408)', answered(408, 'Error, status 408: Timeout (5000ms)'), 'unreachable'],
    ['the registry overloaded (429)', answered(429, 'Too many requests'), 'unreachable'],
    ['the registry failing (503)', answered(503, 'Service Unavailable'), 'unreachable'],
    ['no status at all (a plain error)', new Error('fetch failed'), 'unreachable'],
    ['an unknown schema id (404)', answered(404, 'Schema 7 not found'), 'not-found'],
    ['a real bad request (400 with the registry\'s message)', answered(400, 'Invalid schema'), 'refused'],
    ['wrong credentials (401)', answered(401, 'Unauthorized'), 'refused'],
    ['an incompatible schema (409)', answered(409, 'Schema being registered is incompatible'), 'refused'],
  ])('%s → %s', (_case, error, kind) => {
    expect(registryFailureKind(error)).toBe(kind);
  });
});

describe('registryFailure', () => {
  it('makes the registry being away a retriable schema-registry stall, naming what was attempted', () => {
    const error = registryFailure(answered(400, 'Error, status 400: connect ECONNREFUSED 127.0.0.1:1'), 'fetching schema 7');
    expect(classifyError(error)).toBe('retriable');
    expect(failureCauseOf(error)).toBe('schema-registry');
    expect(error.message).toMatch(/fetching schema 7.*ECONNREFUSED/);
  });

  it('makes a refusal permanent at start-up, with the fix', () => {
    const error = registryFailure(answered(401, 'Unauthorized'), 'registering t-value');
    expect(classifyError(error)).toBe('permanent');
    expect(error.message).toMatch(/check SCHEMA_REGISTRY_URL and its credentials/);
  });

  it('lets a record wait on a refusal (the deployment is wrong, not the record)', () => {
    expect(classifyError(registryFailure(answered(403, 'Forbidden'), 'fetching schema 7', 'wait'))).toBe('retriable');
  });
});
