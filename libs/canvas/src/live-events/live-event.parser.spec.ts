import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSpec } from '@rp/testing';
import { shardOf, toLocalId } from './global-id';
import { parseLiveEvent } from './live-event.parser';

const SPECS = referenceSpec('canvas/live-events');
const examples = readdirSync(SPECS)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => (JSON.parse(readFileSync(join(SPECS, file), 'utf8')) as { examples: { payload: unknown }[] }).examples.map((e, i) => [`${file} #${i + 1}`, e.payload] as const));

describe('toLocalId', () => {
  it.each([
    ['21070000000000565', 565],
    ['10000000000123', 123],
    ['565', 565],
    ['210700000000101907', 101907],
    [42, 42],
    ['-7', -7],
    ['abc', undefined],
    [null, undefined],
  ])('%j → %j', (input, expected) => expect(toLocalId(input)).toBe(expected));

  it('tells the shard', () => expect(shardOf('21070000000000565')).toBe(2107));
});

describe('parseLiveEvent on the upstream examples', () => {
  it('has examples to check', () => expect(examples.length).toBeGreaterThanOrEqual(15));

  it.each(examples)('%s parses without being invalid', (_name, payload) => {
    const result = parseLiveEvent(payload);
    expect(result.kind).not.toBe('invalid');
    if (result.kind !== 'invalid') expect(result.metadata.event_name).toBe((payload as { metadata: { event_name: string } }).metadata.event_name);
  });

  it('converts grade_change ids to local ids and keeps scores, muted and SIS ids', () => {
    const payload = examples.find(([name]) => name.startsWith('grade_change.json'))![1];
    const result = parseLiveEvent(payload);
    if (result.kind !== 'event' || result.eventName !== 'grade_change') throw new Error(`unexpected ${result.kind}`);
    expect(result.metadata).toMatchObject({ context_id: 565, root_account_id: 1, context_type: 'Course', context_sis_source_id: '2017.100.101.101-1' });
    expect(result.body).toMatchObject({ submission_id: 11086, assignment_id: 355, student_id: 48, user_id: 48, grader_id: 987, score: 5, old_score: 4, grade: '5', muted: false, student_sis_id: 'ABC.123' });
  });

  it('reads course_grade_change scores and its already-local ids', () => {
    const payload = examples.find(([name]) => name.startsWith('course_grade_change'))![1];
    const result = parseLiveEvent(payload);
    if (result.kind !== 'event' || result.eventName !== 'course_grade_change') throw new Error(`unexpected ${result.kind}`);
    expect(result.body).toMatchObject({ user_id: 2, course_id: 2, current_score: 17.31, old_current_score: 13.46, unposted_final_score: 12.5 });
  });

  it('reports asset_accessed as unsupported with its metadata instead of throwing', () => {
    const payload = examples.find(([, p]) => (p as { metadata: { event_name: string } }).metadata.event_name === 'asset_accessed')![1];
    expect(parseLiveEvent(payload)).toMatchObject({ kind: 'unsupported', eventName: 'asset_accessed', metadata: { root_account_id: 1 } });
  });
});

describe('parseLiveEvent tolerance', () => {
  it('accepts omitted nulls, unknown fields, numeric strings and JSON text', () => {
    const text = JSON.stringify({
      metadata: { event_name: 'submission_updated', event_time: '2025-01-01T00:00:00.000Z', root_account_id: '10000000000001', brand_new_field: 1 },
      body: { submission_id: '10000000000123', assignment_id: '10000000000009', user_id: '10000000000048', score: '8.5', posted_at: null, extra: { a: 1 } },
    });
    const result = parseLiveEvent(text);
    if (result.kind !== 'event' || result.eventName !== 'submission_updated') throw new Error(`unexpected ${result.kind}`);
    expect(result.body).toEqual({ submission_id: 123, assignment_id: 9, user_id: 48, score: 8.5, posted_at: null, extra: { a: 1 } });
    expect(result.body.grade).toBeUndefined();
    expect(result.metadata.brand_new_field).toBe(1);
  });

  it.each([
    ['not JSON', '{oops', 'payload is not JSON'],
    ['an array', [], 'payload is not an object'],
    ['no metadata', { body: {} }, 'missing metadata'],
    ['no event name', { metadata: { event_time: 'x' }, body: {} }, 'metadata.event_name is missing'],
    ['body not an object', { metadata: { event_name: 'grade_change' }, body: 'x' }, 'grade_change: body is not an object'],
  ])('reports %s as invalid', (_name, input, reason) => {
    expect(parseLiveEvent(input)).toMatchObject({ kind: 'invalid', reason });
  });
});
