import { OneRosterFilter, encodeQueryValue, modifiedSince } from './filter.builder';

describe('OneRosterFilter', () => {
  it.each<[string, () => OneRosterFilter, string]>([
    ['one predicate', () => OneRosterFilter.where('status', '=', 'active'), "status='active'"],
    ['AND', () => OneRosterFilter.where('status', '=', 'active').and('role', '=', 'teacher'), "status='active' AND role='teacher'"],
    ['OR', () => OneRosterFilter.where('role', '=', 'student').or('role', '=', 'teacher'), "role='student' OR role='teacher'"],
    ['contains', () => OneRosterFilter.where('email', '~', '@acme.org'), "email~'@acme.org'"],
    ['every comparison operator', () => OneRosterFilter.where('a', '>=', 1).and('b', '<=', 2), "a>='1' AND b<='2'"],
    ['!= and <', () => OneRosterFilter.where('a', '!=', 'x').or('b', '<', 'y'), "a!='x' OR b<'y'"],
    ['Date as UTC ISO', () => OneRosterFilter.where('dateLastModified', '>', new Date('2024-08-01T00:00:00Z')), "dateLastModified>'2024-08-01T00:00:00.000Z'"],
    ['boolean', () => OneRosterFilter.where('enabledUser', '=', true), "enabledUser='true'"],
    ['quote inside value doubled', () => OneRosterFilter.where('familyName', '=', "O'Brien"), "familyName='O''Brien'"],
    ['dotted GUIDRef path', () => OneRosterFilter.where('class.sourcedId', '=', 'c1'), "class.sourcedId='c1'"],
    ['delta helper', () => modifiedSince('2024-08-01T00:00:00Z'), "dateLastModified>'2024-08-01T00:00:00Z'"],
  ])('%s', (_case, build, expected) => {
    expect(build().toString()).toBe(expected);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a third predicate', () => OneRosterFilter.where('a', '=', 1).and('b', '=', 2).or('c', '=', 3), /at most two predicates/],
    ['an injected field name', () => OneRosterFilter.where("a' OR b", '=', 1), /not a field name/],
    ['an unknown operator', () => OneRosterFilter.where('a', 'like' as never, 1), /not one of/],
  ])('refuses %s', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  it.each([
    ["status='active' AND role='x'", 'status%3D%27active%27%20AND%20role%3D%27x%27'],
    ["dateLastModified>'2024-08-01T00:00:00Z'", 'dateLastModified%3E%272024-08-01T00%3A00%3A00Z%27'],
    ["name~'(a)!*'", 'name~%27%28a%29%21%2A%27'],
  ])('URL-encodes %s strictly', (value, encoded) => {
    expect(encodeQueryValue(value)).toBe(encoded);
  });
});
