import { lateAndMissing } from './late-policy';

describe('late and missing', () => {
  it.each([
    ['on time', { late: false, missing: false }, { late: false, missing: false }],
    ['Canvas: late by the due date', { late: true, missing: false }, { late: true, missing: false }],
    ['Canvas: missing by the due date', { late: false, missing: true }, { late: false, missing: true }],
    ['flags absent (an older payload)', {}, { late: false, missing: false }],
    ['teacher marks it late although on time', { late: false, late_policy_status: 'late' }, { late: true, missing: false }],
    ['teacher marks it missing', { late: false, missing: false, late_policy_status: 'missing' }, { late: false, missing: true }],
    ['teacher marks a late submission "none"', { late: true, late_policy_status: 'none' }, { late: false, missing: false }],
    ['teacher gives an extension to a missing one', { missing: true, late_policy_status: 'extended' }, { late: false, missing: false }],
    ['teacher marks a missing one late (it came in)', { missing: true, late_policy_status: 'late' }, { late: true, missing: false }],
    ['no teacher status (null)', { late: true, late_policy_status: null }, { late: true, missing: false }],
  ])('%s', (_case, timing, expected) => {
    expect(lateAndMissing(timing)).toEqual(expected);
  });
});
