import type { ReadRecord } from '../kafka/topic-reader';
import { isCompactedTopic, newerVersionReason } from './newer-version';

const letter = (headers: Record<string, string>): ReadRecord => ({
  topic: 'canvas.users.dlq', partition: 0, offset: '0', timestamp: '0', key: Buffer.from('acme|user|u1'), value: Buffer.from([0, 0, 0, 0, 1]), headers,
});
const at = (iso: string) => String(Date.parse(iso));

describe('newerVersionReason (a DLQ retry never replaces a newer version of the same key)', () => {
  it.each<{ name: string; headers: Record<string, string>; latest: { partition: number; offset: string; timestamp: string } | undefined; skip: boolean }>([
    { name: 'nothing of the key on the topic now', headers: { 'dlq-original-partition': '3', 'dlq-original-offset': '10' }, latest: undefined, skip: false },
    { name: 'the letter is still the latest version', headers: { 'dlq-original-partition': '3', 'dlq-original-offset': '10' }, latest: { partition: 3, offset: '10', timestamp: at('2026-12-01T00:00:00Z') }, skip: false },
    { name: 'a newer version was applied after it (higher offset)', headers: { 'dlq-original-partition': '3', 'dlq-original-offset': '10' }, latest: { partition: 3, offset: '42', timestamp: at('2026-12-01T00:00:00Z') }, skip: true },
    { name: 'no original offset (never on the topic): newer by timestamp', headers: { 'produced-at': '2026-12-01T00:00:00.000Z' }, latest: { partition: 3, offset: '42', timestamp: at('2026-12-02T00:00:00Z') }, skip: true },
    { name: 'no original offset, the topic\'s record is older', headers: { 'produced-at': '2026-12-03T00:00:00.000Z' }, latest: { partition: 3, offset: '42', timestamp: at('2026-12-02T00:00:00Z') }, skip: false },
    { name: 'nothing to compare by: retried', headers: {}, latest: { partition: 3, offset: '42', timestamp: at('2026-12-02T00:00:00Z') }, skip: false },
  ])('$name → skipped: $skip', ({ headers, latest, skip }) => {
    const reason = newerVersionReason(letter(headers), latest, 'canvas.users');
    expect(reason !== undefined).toBe(skip);
  });

  it('says what is newer, where, and why nothing is retried', () => {
    const reason = newerVersionReason(letter({ 'dlq-original-partition': '3', 'dlq-original-offset': '10' }), { partition: 3, offset: '42', timestamp: at('2026-12-01T00:00:00Z') }, 'canvas.users');
    expect(reason).toBe('canvas.users already has a newer record of acme|user|u1 (3:42, 2026-12-01T00:00:00.000Z) than this dead letter (3:10); ' +
      'retrying would replace it with this older version — nothing to retry (replay the tenant if the newer one is wrong)');
  });

  it.each([['canvas.users', true], ['oneroster.gradebook-writes', true], ['canvas.live-events', false], ['sync.runs', false]])('%s is compacted: %s', (topic, compacted) => {
    expect(isCompactedTopic(topic)).toBe(compacted);
  });
});
