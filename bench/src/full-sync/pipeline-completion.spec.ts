import { publishedRows } from './pipeline-completion';

describe('rows the transformer published for a run', () => {
  it('adds up the <type>.published counts of its finished marker and ignores the rest', () => {
    expect(publishedRows({ records: 7525, 'account.published': 1, 'term.published': 3, 'user.published': 1061, 'enrollment.published': 5225, parked: 0 })).toBe(6290);
    expect(publishedRows({})).toBe(0);
  });
});
