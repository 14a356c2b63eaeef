import { deadLetterRecord } from '@rp/messaging';
import type { ReadRecord } from '../kafka/topic-reader';
import { deadLetterView, dlqTopicFor, parseOffsetArg, retryOf } from './dead-letter-view';

function deadLetter(): ReadRecord {
  const { topic, record } = deadLetterRecord({
    topic: 'e2e.canvas.users',
    partition: 3,
    message: {
      key: Buffer.from('acme|user|u1'), value: Buffer.from([0, 0, 0, 0, 7, 1, 2]), offset: '41', timestamp: '0', attributes: 0,
      headers: { tenant: 'acme', 'sync-run': 'run-1', traceparent: '00-abc-def-01' },
    },
    error: new Error('Canvas refused the row with Bearer abc.def'),
    errorClass: 'permanent',
    attempts: 1,
    failedAt: new Date('2026-01-01T00:00:00Z'),
  });
  return { topic, partition: 3, offset: '7', timestamp: '0', key: record.key as Buffer, value: record.value, headers: record.headers! };
}

describe('dead letters', () => {
  it('retry publishes the original bytes, key and headers to the original topic, without dlq-* headers', () => {
    const source = deadLetter();
    const { topic, record } = retryOf(source);
    expect(topic).toBe('e2e.canvas.users');
    expect(record.key).toEqual(source.key);
    expect(record.value).toEqual(source.value);
    expect(Object.keys(record.headers!).sort()).toEqual(['sync-run', 'tenant', 'traceparent']);
  });

  it('a record without its original topic cannot be retried', () => {
    expect(() => retryOf({ ...deadLetter(), headers: { tenant: 'acme' } })).toThrow('republish it by hand');
  });

  it('shows where it came from and why, topics without the prefix, credentials redacted', () => {
    const view = deadLetterView(deadLetter(), (t) => t.replace(/^e2e\./, ''));
    expect(view).toMatchObject({
      dlqTopic: 'canvas.users.dlq', tenant: 'acme', key: 'acme|user|u1', originalTopic: 'canvas.users',
      originalPartition: 3, originalOffset: '41', errorClass: 'permanent', attempts: 1, valueBytes: 7,
    });
    expect(view.error).not.toContain('abc.def');
  });

  it.each([
    ['canvas.users', 'canvas.users.dlq'],
    ['canvas.users.dlq', 'canvas.users.dlq'],
  ])('topic %s reads %s', (input, expected) => expect(dlqTopicFor(input)).toBe(expected));

  it.each([
    ['12', undefined, { partition: undefined, offset: '12' }],
    ['3:12', undefined, { partition: 3, offset: '12' }],
    ['12', '5', { partition: 5, offset: '12' }],
  ])('offset %s (partition flag %s)', (raw, flag, expected) => expect(parseOffsetArg(raw, flag)).toEqual(expected));

  it('rejects an offset that is not a number', () => {
    expect(() => parseOffsetArg('latest')).toThrow('must be a number or <partition>:<offset>');
  });
});
