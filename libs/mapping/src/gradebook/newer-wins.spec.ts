import { olderThanWritten } from './newer-wins';

describe('olderThanWritten (IC keeps the grade of the newest Canvas change)', () => {
  it.each([
    ['never written', '2026-03-02T10:00:00Z', undefined, false],
    ['written before event times were kept', '2026-03-02T10:00:00Z', null, false],
    ['newer than the written one', '2026-03-02T10:00:01Z', '2026-03-02T10:00:00.000Z', false],
    ['the same Canvas change (REST re-read)', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00Z', false],
    ['older than the written one', '2026-03-02T09:59:59.999Z', '2026-03-02T10:00:00Z', true],
    ['a day older, other offset notation', '2026-03-01T05:00:00-05:00', '2026-03-02T10:00:00Z', true],
  ])('%s → refused: %s', (_what, incoming, written, refused) => {
    const reason = olderThanWritten(incoming, written);
    expect(reason !== undefined).toBe(refused);
    if (refused) expect(reason).toMatch(/newer Canvas change \(2026-03-02T10:00:00.000Z\)/);
  });
});
