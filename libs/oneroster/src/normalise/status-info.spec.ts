import { parseImsxStatus } from './status-info';

const field = (value: string) => ({ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: value });

describe('parseImsxStatus', () => {
  it.each<[string, unknown, string[] | undefined]>([
    ['1.2 spelling imsx_CodeMinor', { imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_CodeMinor: { imsx_codeMinorField: [field('unknownobject')] } }, ['unknownobject']],
    ['lower-case imsx_codeMinor', { imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [field('server_busy')] } }, ['server_busy']],
    ['1.1 value "unknown object"', { imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [field('unknown object')] } }, ['unknownobject']],
    ['1.1 value "unauthorized"', { imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: field('unauthorized') } }, ['unauthorisedrequest']],
    ['wrapped in imsx_StatusInfo', { imsx_StatusInfo: { imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [field('invalid_filter_field')] } } }, ['invalid_filter_field']],
    ['1.1 statusInfoSet array', { statusInfoSet: [{ imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [field('invalid data')] } }] }, ['invaliddata']],
    ['no codeMinor', { imsx_codeMajor: 'failure', imsx_description: 'boom' }, []],
    ['not a status body', { users: [] }, undefined],
    ['plain text', 'Internal Server Error', undefined],
  ])('%s', (_case, body, codeMinors) => {
    expect(parseImsxStatus(body)?.codeMinors).toEqual(codeMinors);
  });

  it('keeps major, severity and description', () => {
    expect(parseImsxStatus({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: 'No such user' })).toEqual({
      codeMajor: 'failure', severity: 'error', description: 'No such user', codeMinors: [],
    });
  });
});
