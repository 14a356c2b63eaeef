import type { RecordProblem } from '@rp/oneroster';
import { invalidRecordHeaders } from './invalid-record-letter';

const problem = (field: string, message: string): RecordProblem => ({ tenant: 'acme', entity: 'user', sourcedId: 'u1', field, message });
const base = { tenant: 'acme', runId: 'r1', entityType: 'user', topic: 'x.oneroster.user', failedAt: new Date('2026-03-01T00:00:00Z') };

describe('invalid record dead-letter headers', () => {
  it.each<[string, string, RecordProblem[], Record<string, string | RegExp>]>([
    ['one bad field', 'u1', [problem('roles[0].role', "'wizard' is not one of …")], {
      'dlq-fields': 'roles[0].role', 'dlq-problem-count': '1',
      'dlq-reason': /^tenant acme: user u1 field roles\[0\]\.role: 'wizard' is not one of …; fix it in the SIS or map it$/,
    }],
    ['every problem named, fields once each', 'u1', [problem('email', 'bad'), problem('roles', 'missing'), problem('email', 'too long')], {
      'dlq-fields': 'email,roles', 'dlq-problem-count': '3',
      'dlq-reason': /field email: bad; .* \| .*field roles: missing; .* \| .*field email: too long/,
    }],
    ['no sourcedId', '', [], {
      'dlq-fields': 'sourcedId', 'dlq-problem-count': '1', 'dlq-reason': /^tenant acme: user without a sourcedId; fix it in the SIS$/,
    }],
  ])('%s', (_, sourcedId, problems, expected) => {
    const headers = invalidRecordHeaders({ ...base, sourcedId, problems });
    for (const [name, value] of Object.entries(expected)) {
      if (value instanceof RegExp) expect(headers[name]).toMatch(value);
      else expect(headers[name]).toBe(value);
    }
    expect(headers).toMatchObject({
      tenant: 'acme', 'sync-run': 'r1', 'dlq-entity-type': 'user', 'dlq-sourced-id': sourcedId, 'dlq-original-topic': 'x.oneroster.user',
      'dlq-error-class': 'permanent', 'dlq-failed-at': '2026-03-01T00:00:00.000Z',
    });
    expect(headers['dlq-error']).toBe(headers['dlq-reason']);
  });

  it('keeps a huge problem list within a header-sized reason', () => {
    const many = Array.from({ length: 200 }, (_, i) => problem(`field${i}`, 'x'.repeat(50)));
    expect(invalidRecordHeaders({ ...base, sourcedId: 'u1', problems: many })['dlq-reason'].length).toBeLessThanOrEqual(4000);
  });
});
