import type { ConsumedRecord } from '@rp/messaging';
import { processorOrderingKey } from './consumer-ordering-key';

const record = (topic: string, key: string | null, tenant: string | undefined) => ({ topic, key, tenant }) as ConsumedRecord<unknown>;

describe('processorOrderingKey: each course of a tenant in order, courses in parallel, the roster per tenant', () => {
  const keyOf = processorOrderingKey('p.canvas.live-events');
  it.each([
    ['a Live Event: its tenant and course', record('p.canvas.live-events', 'acme|101', 'acme'), 'acme|101'],
    ['another course of the same tenant: another key', record('p.canvas.live-events', 'acme|102', 'acme'), 'acme|102'],
    ['a Live Event without a key: its tenant', record('p.canvas.live-events', null, 'acme'), 'acme'],
    ['an enrollment record: its tenant (one roster per tenant)', record('p.canvas.enrollments', 'acme|enrollment|s1|u1|student', 'acme'), 'acme'],
    ['a section record: its tenant', record('p.canvas.sections', 'acme|section|s1', 'acme'), 'acme'],
    ['a record naming no tenant: the empty key', record('p.canvas.courses', null, undefined), ''],
  ])('%s', (_what, r, key) => expect(keyOf(r)).toBe(key));
});
