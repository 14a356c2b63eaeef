import { canonicalJson, contentHash, liveEventIdentity } from './content-hash';

describe('the canonical form', () => {
  it.each([
    ['keys sorted at every level', { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}'],
    ['an undefined object value is dropped', { a: 1, b: undefined }, '{"a":1}'],
    ['an undefined array item is null, as JSON.stringify writes it', [1, undefined, 2], '[1,null,2]'],
    ['scalars as JSON', 'x', '"x"'],
    ['null', null, 'null'],
  ])('%s', (_case, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    if (value !== null && typeof value === 'object') expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
  });

  it('hashes equal content equally whatever the key order, and different content differently', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('identifies a Live Event by its metadata and body, not by how they were written', () => {
    expect(liveEventIdentity({ event_name: 'grade_change', root_account_uuid: 'u' }, { score: 1 })).toBe(
      liveEventIdentity({ root_account_uuid: 'u', event_name: 'grade_change' }, { score: 1 }),
    );
    expect(liveEventIdentity({ event_name: 'grade_change' }, { score: 1 })).not.toBe(liveEventIdentity({ event_name: 'grade_change' }, { score: 2 }));
  });
});
