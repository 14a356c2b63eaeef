import { withoutUnusedFields } from './unused-fields';

describe('withoutUnusedFields (data minimisation at the extractor)', () => {
  const user = {
    sourcedId: 'u-1', status: 'active', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.org', username: 'ada',
    phone: '+1 555 0100', sms: '+1 555 0101', metadata: { 'ic.personID': '42', 'ic.homePhone': '+1 555 0102' },
  };

  it.each([
    ['drops contacts and metadata no mapping reads', [], ['email', 'familyName', 'givenName', 'sourcedId', 'status', 'username']],
    ['keeps what the tenant keeps', ['metadata'], ['email', 'familyName', 'givenName', 'metadata', 'sourcedId', 'status', 'username']],
    ['keeps phone and sms when asked', ['phone', 'sms'], ['email', 'familyName', 'givenName', 'phone', 'sms', 'sourcedId', 'status', 'username']],
  ] as const)('%s', (_rule, keep, fields) => {
    expect(Object.keys(withoutUnusedFields(user, keep)).sort()).toEqual(fields);
  });

  it('leaves the fields the mapping reads untouched and the input as it was', () => {
    const out = withoutUnusedFields(user);
    expect(out).toMatchObject({ givenName: 'Ada', email: 'ada@example.org', username: 'ada' });
    expect(user.phone).toBe('+1 555 0100');
  });
});
