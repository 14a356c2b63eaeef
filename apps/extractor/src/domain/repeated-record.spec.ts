import { describeProblem } from '@rp/oneroster';
import { RepeatedRecords } from './repeated-record';

describe('repeated sourcedIds within a chunk', () => {
  it('keeps the first copy and names later ones as duplicates of the record', () => {
    const repeated = new RepeatedRecords('acme', 'user');
    expect(repeated.repeatOf('u1')).toBeUndefined();
    repeated.keep('u1');
    const problem = repeated.repeatOf('u1')!;
    expect(problem).toMatchObject({ tenant: 'acme', entity: 'user', sourcedId: 'u1', field: 'sourcedId' });
    expect(describeProblem(problem)).toMatch(/^tenant acme: user u1 field sourcedId: appears more than once .*first copy was kept/);
    expect(repeated.repeatOf('u2')).toBeUndefined();
  });
});
