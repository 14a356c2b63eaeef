import { parseLinkHeader } from './link-header';
import { encodeSisIdValue, idSegment, sisId } from './sis-id';

describe('parseLinkHeader', () => {
  it('keeps bookmark URLs exactly and finds rels regardless of order and case', () => {
    const header =
      '<https://c.test/api/v1/courses/1/enrollments?page=bookmark:WzEwXQ&per_page=100>; rel="current",' +
      '<https://c.test/api/v1/courses/1/enrollments?page=bookmark:WzIwXQ&per_page=100>; REL="next",' +
      '<https://c.test/api/v1/courses/1/enrollments?page=first&per_page=100>; rel="first"';
    expect(parseLinkHeader(header)).toEqual({
      current: 'https://c.test/api/v1/courses/1/enrollments?page=bookmark:WzEwXQ&per_page=100',
      next: 'https://c.test/api/v1/courses/1/enrollments?page=bookmark:WzIwXQ&per_page=100',
      first: 'https://c.test/api/v1/courses/1/enrollments?page=first&per_page=100',
    });
  });

  it('has no next on the last page or without a header', () => {
    expect(parseLinkHeader('<https://c.test/x?page=3>; rel="last"').next).toBeUndefined();
    expect(parseLinkHeader(null)).toEqual({});
  });
});

describe('SIS id addressing', () => {
  it.each([
    ['CS/101.11é', 'CS%2F101%2E11%C3%A9'],
    ['C1', 'C1'],
    ['a b+c', 'a%20b%2Bc'],
    ['x:y?z#1&2', 'x%3Ay%3Fz%231%262'],
    ['7f3c-9a_b~', '7f3c-9a_b~'],
  ])('encodes %j as %j', (value, expected) => {
    expect(encodeSisIdValue(value)).toBe(expected);
  });

  it.each([
    [sisId('course', 'CS/101.11é'), 'sis_course_id:CS%2F101%2E11%C3%A9'],
    [sisId('user', 'u@x.org'), 'sis_user_id:u%40x%2Eorg'],
    [sisId('term', '2025'), 'sis_term_id:2025'],
    [sisId('section', 'S 1'), 'sis_section_id:S%201'],
    [sisId('account', 'north'), 'sis_account_id:north'],
  ])('builds %s', (built, expected) => {
    expect(built).toBe(expected);
  });

  it('passes local ids and special ids, encodes bare strings', () => {
    expect([idSegment(42), idSegment('42'), idSegment('self'), idSegment(sisId('course', 'a/b')), idSegment('a/b')]).toEqual([
      '42', '42', 'self', 'sis_course_id:a%2Fb', 'a%2Fb',
    ]);
  });
});
