import { evaluateFilter, FilterSyntaxError, parseFilter } from './filter';

const user = {
  sourcedId: 'u1', status: 'active', dateLastModified: '2026-08-02T10:00:00.000Z', givenName: "O'Brien", familyName: 'Smith',
  enabledUser: 'true', roles: [{ role: 'teacher', org: { sourcedId: 'sch1' } }, { role: 'aide', org: { sourcedId: 'sch2' } }],
  grades: ['09', '10'], score: 12,
};

describe('parseFilter', () => {
  it.each([
    ["status='active'", [[{ field: 'status', op: '=', value: 'active' }]]],
    ["givenName~'ann'", [[{ field: 'givenName', op: '~', value: 'ann' }]]],
    ["dateLastModified>='2026-01-01T00:00:00Z'", [[{ field: 'dateLastModified', op: '>=', value: '2026-01-01T00:00:00Z' }]]],
    ["status = 'active' AND role != 'student'", [[{ field: 'status', op: '=', value: 'active' }, { field: 'role', op: '!=', value: 'student' }]]],
    ["role='teacher' OR role='aide'", [[{ field: 'role', op: '=', value: 'teacher' }], [{ field: 'role', op: '=', value: 'aide' }]]],
    ["class.sourcedId='c 1'", [[{ field: 'class.sourcedId', op: '=', value: 'c 1' }]]],
    ["familyName='O''Brien'", [[{ field: 'familyName', op: '=', value: "O'Brien" }]]],
    ['score<=5', [[{ field: 'score', op: '<=', value: '5' }]]],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it.each(['', "status='active' AND", "status 'active'", "status='active' XOR role='x'", "'active'=status", "status='unterminated"])(
    'rejects %j',
    (text) => {
      expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
    },
  );
});

describe('evaluateFilter', () => {
  it.each([
    ["status='active'", true],
    ["status!='active'", false],
    ["givenName='O''Brien'", true],
    ["givenName~'brie'", true],
    ["givenName~'zzz'", false],
    ["dateLastModified>'2026-08-02T09:59:59Z'", true],
    ["dateLastModified>'2026-08-02T10:00:00Z'", false],
    ["dateLastModified>='2026-08-02T10:00:00.000Z'", true],
    ["dateLastModified<'2026-08-03'", true],
    ["roles.role='aide'", true],
    ["roles.role!='aide'", false],
    ["roles.org.sourcedId='sch2'", true],
    ["grades='10'", true],
    ['score>9', true],
    ['score<9', false],
    ["enabledUser='true' AND familyName='Smith'", true],
    ["enabledUser='false' AND familyName='Smith'", false],
    ["enabledUser='false' OR familyName='Smith'", true],
    ["missingField='x'", false],
  ])('%s → %s', (text, expected) => {
    expect(evaluateFilter(parseFilter(text), user)).toBe(expected);
  });
});
