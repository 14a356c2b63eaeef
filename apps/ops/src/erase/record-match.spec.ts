import { mentionsAny, ofTenant, postgresMention, selects } from './record-match';

describe('erasure record matching', () => {
  it.each([
    ['the id itself', 'stu-1', true],
    ['a Kafka key', 'acme|stu-1', true],
    ['a Canvas enrollment key', 'acme|enrollment|cls-1:stu-1:student', true],
    ['a JSON value', '{"user_id":"stu-1","status":"deleted"}', true],
    ['a longer id that starts with it', 'acme|stu-10', false],
    ['a longer id that ends with it', 'acme|xstu-1', false],
    ['another person', '{"user_id":"stu-2"}', false],
  ])('%s', (_case, text, expected) => {
    expect(mentionsAny(text, ['stu-1'])).toBe(expected);
  });

  it('escapes regular-expression characters in ids', () => {
    expect(mentionsAny('acme|a.b', ['a+b'])).toBe(false);
    expect(mentionsAny('acme|a+b', ['a+b'])).toBe(true);
    expect(new RegExp(postgresMention('a+b')).test('x:a+b:y')).toBe(true);
    expect(new RegExp(postgresMention('stu-1')).test('stu-10')).toBe(false);
    expect(new RegExp(postgresMention(['r-9', 'stu-1'])).test('{"sourced_id": "r-9"}')).toBe(true);
  });

  it('selects records of the tenant only, by key prefix or tenant header', () => {
    expect(ofTenant({ tenant: 'acme', terms: [] }, 'acme|stu-1', undefined)).toBe(true);
    expect(ofTenant({ tenant: 'acme', terms: [] }, null, 'acme')).toBe(true);
    expect(ofTenant({ tenant: 'acme', terms: [] }, 'acme2|stu-1', 'acme2')).toBe(false);
  });

  it('selects every record of a purged tenant, and only mentions for a person', () => {
    expect(selects({ tenant: 'acme', terms: [] }, ['anything'])).toBe(true);
    expect(selects({ tenant: 'acme', terms: ['stu-1'] }, ['acme|stu-2', '{"user":"stu-1"}'])).toBe(true);
    expect(selects({ tenant: 'acme', terms: ['stu-1'] }, ['acme|stu-2'])).toBe(false);
  });
});
