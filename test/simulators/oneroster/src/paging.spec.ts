import { linkHeader, parsePage } from './paging';

const rels = (header: string) =>
  Object.fromEntries(header.split(', ').map((part) => {
    const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part)!;
    const u = new URL(url);
    return [rel, `${u.searchParams.get('offset')}/${u.searchParams.get('limit')}`];
  }));

describe('linkHeader', () => {
  const url = new URL('http://127.0.0.1/x/users?filter=status%3D%27active%27&limit=10&offset=20');
  it.each([
    [{ limit: 10, offset: 0 }, 25, { first: '0/10', next: '10/10', last: '20/10' }],
    [{ limit: 10, offset: 10 }, 25, { first: '0/10', prev: '0/10', next: '20/10', last: '20/10' }],
    [{ limit: 10, offset: 20 }, 25, { first: '0/10', prev: '10/10', last: '20/10' }],
    [{ limit: 10, offset: 0 }, 10, { first: '0/10', last: '0/10' }],
    [{ limit: 10, offset: 0 }, 0, { first: '0/10', last: '0/10' }],
    [{ limit: 100, offset: 5 }, 300, { first: '0/100', prev: '0/100', next: '105/100', last: '200/100' }],
  ])('page %j of %d records', (page, total, expected) => {
    expect(rels(linkHeader(url, page, total))).toEqual(expected);
  });

  it('keeps the other query parameters', () => {
    expect(linkHeader(url, { limit: 10, offset: 0 }, 25)).toContain('filter=status%3D%27active%27');
  });
});

describe('parsePage', () => {
  it.each([
    ['', { limit: 100, offset: 0 }],
    ['limit=5&offset=10', { limit: 5, offset: 10 }],
    ['limit=90000', { limit: 50_000, offset: 0 }],
  ])('%j → %j', (query, expected) => {
    expect(parsePage(new URLSearchParams(query), 50_000)).toEqual(expected);
  });

  it.each(['limit=0', 'limit=-1', 'limit=abc', 'limit=2.5', 'offset=-3', 'offset=x'])('rejects %s', (query) => {
    expect(typeof parsePage(new URLSearchParams(query), 50_000)).toBe('string');
  });
});
