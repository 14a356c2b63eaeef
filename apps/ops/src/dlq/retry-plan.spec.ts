import { deadLetterRecord } from '@rp/messaging';
import type { ReadRecord } from '../kafka/topic-reader';
import { isRegistryFramed, retryActionOf } from './retry-plan';

const read = (topic: string, record: { key: Buffer | string | null; value: Buffer | null; headers?: Record<string, string | Buffer | undefined> }): ReadRecord => ({
  topic, partition: 0, offset: '3', timestamp: '0', key: typeof record.key === 'string' ? Buffer.from(record.key) : record.key, value: record.value,
  headers: (record.headers ?? {}) as ReadRecord['headers'],
});

/** A consumer's dead letter: the topic's own (Avro) bytes. */
const consumerLetter = (value: Buffer) => {
  const { topic, record } = deadLetterRecord({
    topic: 'e2e.oneroster.users', partition: 1, errorClass: 'retriable', attempts: 5, failedAt: new Date('2026-01-01T00:00:00Z'),
    error: new Error('database unavailable'),
    message: { key: Buffer.from('acme|u1'), value, offset: '9', timestamp: '0', attributes: 0, headers: { tenant: 'acme' } },
  });
  return read(topic, { key: record.key as Buffer, value: record.value as Buffer, headers: record.headers as Record<string, string> });
};

/** An extractor's dead letter: the IC record as received, with its reason (see apps/extractor invalid-record-letter). */
const extractorLetter = (tenant = 'acme') => read('e2e.oneroster.users.dlq', {
  key: `${tenant}|u9`, value: Buffer.from(JSON.stringify({ sourcedId: 'u9', status: 'active', roles: 'nope' })),
  headers: {
    tenant, 'sync-run': 'run-1', 'dlq-original-topic': 'e2e.oneroster.users', 'dlq-error': 'tenant acme: user u9 roles must be an array',
    'dlq-error-class': 'permanent', 'dlq-error-name': 'InvalidOneRosterRecord', 'dlq-sourced-id': 'u9', 'dlq-failed-at': '2026-01-01T00:00:00Z',
  },
});
const logical = (t: string) => t.replace(/^e2e\./, '');

describe('retryActionOf', () => {
  it('republishes a consumer’s dead letter: the original Avro bytes to the original topic', () => {
    const avro = Buffer.from([0, 0, 0, 0, 7, 2, 4]);
    const action = retryActionOf(consumerLetter(avro), logical);
    expect(action.kind).toBe('republish');
    if (action.kind !== 'republish') return;
    expect(action.topic).toBe('e2e.oneroster.users');
    expect(action.record.value).toEqual(avro);
  });

  it('never puts an extractor’s JSON dead letter on the Avro topic: its tenant is synced again in full', () => {
    expect(retryActionOf(extractorLetter(), logical)).toEqual({ kind: 'resync', tenant: 'acme', originalTopic: 'oneroster.users', sourcedId: 'u9' });
  });

  it('leaves any other undecodable value on the DLQ with the reason', () => {
    const garbage = consumerLetter(Buffer.from('{"not":"avro"}'));
    const action = retryActionOf(garbage, logical);
    expect(action).toMatchObject({ kind: 'skip', originalTopic: 'oneroster.users' });
    if (action.kind === 'skip') expect(action.reason).toContain('is not schema-registry Avro');
  });

  it.each([
    [null, true], [Buffer.from([0, 0, 0, 0, 1]), true], [Buffer.from([0, 1]), false], [Buffer.from('{}'), false], [Buffer.from([1, 0, 0, 0, 1]), false],
  ])('recognises the registry wire format (%p → %p)', (value, framed) => {
    expect(isRegistryFramed(value)).toBe(framed);
  });
});
