import { withForcedCompaction } from './forced-compaction';

describe('withForcedCompaction', () => {
  it('keeps the topic\'s own settings and lays the forcing ones over them', () => {
    const forced = new Map(withForcedCompaction([{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.ms', value: '604800000' }]).map((e) => [e.name, e.value]));
    expect(forced.get('cleanup.policy')).toBe('compact');
    expect(forced.get('segment.ms')).toBe('1000');
    expect(forced.get('delete.retention.ms')).toBe('0');
    expect(forced.get('min.cleanable.dirty.ratio')).toBe('0');
  });
});
