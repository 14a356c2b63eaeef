import { PermanentError } from '@rp/messaging';
import { change, user } from '../testing/records';
import { ChangeBodies, entityAfterChange } from './decode-change';
import type { Materialised } from './tenant-snapshot';

const stored: Materialised = { entity: { kind: 'user', record: user('u-1') }, deleted: false, projections: [] };

describe('entityAfterChange', () => {
  it('takes the record of an upsert and keeps the previous own projections', () => {
    const next = entityAfterChange(change('acme', 'user', user('u-1', undefined, { givenName: 'New' })), { ...stored, projections: [{} as never] });
    expect(next).toMatchObject({ entity: { kind: 'user', record: { givenName: 'New' } }, deleted: false, projections: [{}] });
  });

  it('applies a delete without a record to the stored record as tobedeleted, without the person\'s name', () => {
    const next = entityAfterChange(change('acme', 'user', null, { op: 'delete', sourcedId: 'u-1' }), stored);
    expect(next).toMatchObject({ deleted: true, entity: { record: { sourcedId: 'u-1', status: 'tobedeleted', givenName: '', roles: expect.any(Array) } } });
  });

  it('treats an upserted tobedeleted record as deleted', () => {
    expect(entityAfterChange(change('acme', 'user', user('u-1', undefined, { status: 'tobedeleted' })), undefined)?.deleted).toBe(true);
  });

  it('ignores a delete of a record never received', () => {
    expect(entityAfterChange(change('acme', 'user', null, { op: 'delete', sourcedId: 'u-2' }), undefined)).toBeUndefined();
  });

  it.each([
    ['not JSON', { ...change('acme', 'user', user('u-1')), record: '{' }, /tenant acme: user u-1 has a record that is not JSON/],
    ['another sourcedId', { ...change('acme', 'user', user('u-1')), sourcedId: 'u-9' }, /tenant acme: user u-9 has a record whose sourcedId is "u-1"/],
    ['an upsert without record', change('acme', 'user', null, { sourcedId: 'u-1' }), /upsert has no record/],
  ])('rejects %s as permanent', (_what, input, message) => {
    expect(() => entityAfterChange(input, undefined)).toThrow(PermanentError);
    expect(() => entityAfterChange(input, undefined)).toThrow(message);
  });
});

describe('ChangeBodies: each record parsed once across evaluation rounds', () => {
  it('parses a record once, however many rounds read it', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const bodies = new ChangeBodies();
      const input = change('acme', 'user', user('u-1'));
      const rounds = [1, 2, 3].map(() => entityAfterChange(input, undefined, bodies)!.entity.record);
      expect(parse).toHaveBeenCalledTimes(1);
      expect(rounds[1]).toBe(rounds[0]);
      expect(rounds[0]).toMatchObject({ sourcedId: 'u-1' });
    } finally {
      parse.mockRestore();
    }
  });

  it('keeps a record that is not JSON failing, the same way, in every round', () => {
    const bodies = new ChangeBodies();
    const input = { ...change('acme', 'user', user('u-1')), record: '{' };
    for (let round = 0; round < 2; round++) expect(() => entityAfterChange(input, undefined, bodies)).toThrow(/tenant acme: user u-1 has a record that is not JSON/);
  });
});
