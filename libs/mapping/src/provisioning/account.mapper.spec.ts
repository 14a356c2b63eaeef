import { canvasAccountIdForOrg, projectOrg } from './account.mapper';
import { org, settingsWith } from './testing/records';

const root = settingsWith();
const subAccount = settingsWith({ districtAccount: { mode: 'sub-account', accountId: 'acme-district', name: 'Acme SD' } });
const subAccountUnnamed = settingsWith({ districtAccount: { mode: 'sub-account', accountId: 'acme-district' } });

describe('projectOrg (orgs → accounts)', () => {
  it.each([
    ['district, root mode → nothing (root exists)', org('d', 'district'), root, []],
    ['district, sub-account mode → named sub-account under root', org('d', 'district'), subAccount,
      [{ type: 'account', sisId: 'acme-district', op: 'upsert', row: { account_id: 'acme-district', parent_account_id: '', name: 'Acme SD', status: 'active' } }]],
    ['district, sub-account without name → org name', org('d', 'district', { name: 'Acme Unified' }), subAccountUnnamed,
      [{ type: 'account', sisId: 'acme-district', op: 'upsert', row: { account_id: 'acme-district', parent_account_id: '', name: 'Acme Unified', status: 'active' } }]],
    ['district tobedeleted never deletes the configured sub-account', org('d', 'district', { status: 'tobedeleted' }), subAccount, []],
    ['school, root mode → sub-account of root', org('s', 'school', { name: 'North High' }), root,
      [{ type: 'account', sisId: 's', op: 'upsert', schoolSourcedId: 's', row: { account_id: 's', parent_account_id: '', name: 'North High', status: 'active' } }]],
    ['school, sub-account mode → under the district account', org('s', 'school', { name: 'North High' }), subAccount,
      [{ type: 'account', sisId: 's', op: 'upsert', schoolSourcedId: 's', row: { account_id: 's', parent_account_id: 'acme-district', name: 'North High', status: 'active' } }]],
    ['school tobedeleted → deleted account', org('s', 'school', { name: 'North High', status: 'tobedeleted' }), root,
      [{ type: 'account', sisId: 's', op: 'delete', schoolSourcedId: 's', row: { account_id: 's', parent_account_id: '', name: 'North High', status: 'deleted' } }]],
    ['department → nothing', org('x', 'department'), root, []],
    ['state → nothing', org('x', 'state'), subAccount, []],
  ])('%s', (_rule, record, settings, expected) => {
    const projections = projectOrg(record, settings).map(({ sources: _sources, ...rest }) => rest);
    expect(projections).toEqual(expected);
  });

  it('records the org as lineage', () => {
    expect(projectOrg(org('s', 'school'), root)[0].sources).toEqual([{ type: 'org', sourcedId: 's' }]);
  });

  it.each([
    ['school → its own account', org('s', 'school'), subAccount, 's'],
    ['district → district sub-account', org('d', 'district'), subAccount, 'acme-district'],
    ['district in root mode → root (no account_id)', org('d', 'district'), root, undefined],
    ['unknown org → district account', undefined, subAccount, 'acme-district'],
  ])('course account for %s', (_rule, record, settings, expected) => {
    expect(canvasAccountIdForOrg(record, settings)).toBe(expected);
  });
});
